package dev.sluice.cli.job;

/** The job would not start on this output; nothing was written. Exit code 2. */
public final class JobRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why, and what to do
   * @param cause the underlying failure, or null
   */
  public JobRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
