package dev.sluice.jsonl.internal;

import dev.sluice.jsonl.BadInputException;
import java.nio.file.Path;

/**
 * A bad input row, found by the reader: where it is and what is wrong. Becomes a line of the
 * rejects file or a {@link BadInputException}, by policy.
 */
public final class BadRow extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;
  private final long column;
  private final String problem;
  private final String text;

  public BadRow(Path file, long line, long column, String problem, String text, Throwable cause) {
    super(problem, cause, false, false);
    this.file = file;
    this.line = line;
    this.column = column;
    this.problem = problem;
    this.text = text;
  }

  public long line() {
    return line;
  }

  /** {@code file:line:column: problem}, the column left out when it is 0. */
  public String located() {
    String where = (file == null ? "input" : file.toString()) + ":" + line;
    return where + (column > 0 ? ":" + column : "") + ": " + problem;
  }

  public String text() {
    return text;
  }

  public BadInputException toException() {
    return new BadInputException(
        located() + ". Every row before it has been written; fix the input, or set"
            + " BadRows.REJECT to skip such rows into the rejects file, and run again.",
        file, line, column, getCause());
  }
}
