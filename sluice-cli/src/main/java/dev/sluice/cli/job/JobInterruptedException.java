package dev.sluice.cli.job;

/** The job was stopped by an interrupt of the thread running it; the output is consistent. */
public final class JobInterruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param cause the interrupt, as the library reported it
   */
  public JobInterruptedException(Throwable cause) {
    super("interrupted", cause);
  }
}
