package dev.sluice;

/**
 * Thrown by a terminal operation when a run fails. The message names the stage and the
 * position of the item that failed; the cause is what the user's function (or the source, or
 * the sink) threw. Failures that happened after the first one, while the run was stopping, are
 * attached as {@linkplain #getSuppressed() suppressed} exceptions.
 */
public class PipelineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String stage;
  private final long position;

  /**
   * Creates an exception.
   *
   * @param message what went wrong, naming the stage and the item
   * @param cause the original failure
   * @param stage the name of the stage that failed
   * @param position the 0-based position of the failing item in the stage's input, or -1
   */
  public PipelineException(String message, Throwable cause, String stage, long position) {
    super(message, cause);
    this.stage = stage;
    this.position = position;
  }

  /**
   * The name of the stage that failed, as in {@link StageMetrics#name()}.
   *
   * @return the stage name
   */
  public String stage() {
    return stage;
  }

  /**
   * The 0-based position of the failing item among the items that entered the stage, or -1
   * when the failure is not tied to one item.
   *
   * @return the item's position
   */
  public long position() {
    return position;
  }
}
