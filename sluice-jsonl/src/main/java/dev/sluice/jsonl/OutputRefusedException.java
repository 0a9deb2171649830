package dev.sluice.jsonl;

import java.nio.file.Path;

/**
 * A job refused to write its output file, which is left untouched: another process is running a
 * job on it, it was written by a different job (another key, mode or output shape), or it holds
 * a line in its middle that is not JSON. The message says which, and what to do.
 */
public class OutputRefusedException extends JsonlException {
  private static final long serialVersionUID = 1L;

  private final transient Path output;

  /**
   * Creates an exception.
   *
   * @param output the output file
   * @param message why
   * @param cause the underlying failure, or null
   */
  public OutputRefusedException(Path output, String message, Throwable cause) {
    super(message, cause);
    this.output = output;
  }

  /**
   * The output file the job refused.
   *
   * @return the file
   */
  public Path output() {
    return output;
  }
}
