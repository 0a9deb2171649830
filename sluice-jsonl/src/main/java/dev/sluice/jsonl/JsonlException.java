package dev.sluice.jsonl;

/**
 * Thrown when a JSONL job cannot start or has to stop: its subclasses say why. Failures of the
 * user's function are not thrown; they go to the errors file (see {@link MapJob#retries}).
 */
public class JsonlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong and what to do about it
   * @param cause the underlying failure, or null
   */
  public JsonlException(String message, Throwable cause) {
    super(message, cause);
  }
}
