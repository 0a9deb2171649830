package dev.sluice.jsonl;

import java.nio.file.Path;

/**
 * A bad input row stopped a job whose policy is {@link BadRows#FAIL}. The message reads {@code
 * file:line:column: what is wrong}. Every row before the bad one has been written.
 */
public class BadInputException extends JsonlException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;
  private final long column;

  /**
   * Creates an exception.
   *
   * @param message the full message, starting with {@code file:line:column:}
   * @param file the input file, or null for a pipeline source
   * @param line the 1-based line number
   * @param column the 1-based column, or 0 when the whole row is at fault (e.g. a missing key)
   * @param cause the parser's exception, or null
   */
  public BadInputException(String message, Path file, long line, long column, Throwable cause) {
    super(message, cause);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  /**
   * The input file.
   *
   * @return the file, or null when the input is a pipeline
   */
  public Path file() {
    return file;
  }

  /**
   * The 1-based line number of the bad row.
   *
   * @return the line
   */
  public long line() {
    return line;
  }

  /**
   * The 1-based column where the row goes wrong, or 0 when the whole row is at fault.
   *
   * @return the column
   */
  public long column() {
    return column;
  }
}
