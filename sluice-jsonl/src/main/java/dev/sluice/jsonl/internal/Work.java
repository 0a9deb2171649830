package dev.sluice.jsonl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The items that flow through a job's pipeline. */
public final class Work {
  private Work() {}

  /**
   * One row to compute.
   *
   * @param line the input line (or position)
   * @param row the input row, passed to the function
   * @param partial the output row before the result (key and kept columns)
   * @param key the key value
   * @param hi the key hash, high half
   * @param lo the key hash, low half
   * @param occurrence for mapByKey, which occurrence of the key this row is (0-based)
   */
  public record Task(
      long line, ObjectNode row, ObjectNode partial, JsonNode key, long hi, long lo,
      int occurrence) {}

  /** What became of a task. */
  public sealed interface Outcome {
    Task task();
  }

  /** A row to write: its whole line, newline included. */
  public record Done(Task task, byte[] line) implements Outcome {}

  /** A row whose function failed after all attempts. */
  public record Failed(Task task, Throwable error, int attempts) implements Outcome {}

  /** The errors file's line for a failure. */
  public static byte[] errorLine(Task task, Throwable error, int attempts) {
    ObjectNode record = Json.object();
    record.set("key", task.key());
    record.put("line", task.line());
    record.put("attempts", attempts);
    record.put("error", Json.describe(error));
    return Json.line(record);
  }
}
