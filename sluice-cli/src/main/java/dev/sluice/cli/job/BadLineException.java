package dev.sluice.cli.job;

/** A malformed input line stopped the job; the message starts with {@code file:line}. */
public final class BadLineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message {@code file:line[:column]: what is wrong}
   * @param cause the underlying failure, or null
   */
  public BadLineException(String message, Throwable cause) {
    super(message, cause);
  }
}
