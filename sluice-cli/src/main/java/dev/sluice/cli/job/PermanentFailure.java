package dev.sluice.cli.job;

/**
 * A row failure that another attempt cannot fix (an HTTP 4xx other than 429, a body template
 * that does not fit the row): not retried. Its message is what the errors file shows.
 */
public class PermanentFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the failure.
   *
   * @param message what went wrong, for the errors file
   */
  public PermanentFailure(String message) {
    super(message, null, false, false);
  }

  /** The message alone: the errors file gets it as is, without a Java class name. */
  @Override
  public String toString() {
    return getMessage();
  }
}
