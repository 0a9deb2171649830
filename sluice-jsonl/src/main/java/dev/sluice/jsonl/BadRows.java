package dev.sluice.jsonl;

/**
 * What a job does with a bad input row: a line that is not a JSON object (the error names the
 * file, line and column), a row whose key is missing or null, or, in a {@code map} job, a row
 * whose key an earlier row already had (a map job calls the function once per key).
 */
public enum BadRows {
  /**
   * The default: stop reading at the bad row, finish and write every row before it, then throw
   * {@link BadInputException}. A rerun after fixing the input continues from there.
   */
  FAIL,
  /**
   * Write the row's line number, the error and the text to the rejects file and go on. The
   * rejects file is rewritten by every run, since every run reads the whole input.
   */
  REJECT
}
