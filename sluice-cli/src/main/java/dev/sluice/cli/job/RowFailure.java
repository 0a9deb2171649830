package dev.sluice.cli.job;

/**
 * A row's last failure, described for the errors file without Java class names (a timeout, a
 * connection reset, an HTTP status, a crashed worker).
 */
public final class RowFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the failure.
   *
   * @param message the description
   * @param cause the underlying failure
   */
  public RowFailure(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  @Override
  public String toString() {
    return getMessage();
  }
}
