package dev.sluice.jsonl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.jsonl.Key;
import java.io.IOException;

/**
 * Finds a row's key and applies the bad-row policy, for the reader thread of a job: under
 * {@link dev.sluice.jsonl.BadRows#REJECT} a bad row goes to the rejects file and the reader
 * goes on; under {@code FAIL} the reader ends the stream there (so every row before it is still
 * written) and the job throws once the pipeline has drained. Not thread-safe: the reader owns
 * it; {@link #stoppedBy()} is read after the run.
 */
final class RowChecks {
  private final JobConfig config;
  private final KeyCodec codec;
  private final LazySink rejects;
  private final Counters counters;
  private volatile BadRow stoppedBy;

  RowChecks(JobConfig config, KeyCodec codec, LazySink rejects, Counters counters) {
    this.config = config;
    this.codec = codec;
    this.rejects = rejects;
    this.counters = counters;
  }

  /** The row's key; a missing or null key, or a failing key function, is a bad row. */
  JsonNode keyOf(ObjectNode row, long line) throws BadRow {
    JsonNode key;
    try {
      key = codec.fromInput(row, line);
    } catch (RuntimeException e) {
      throw new BadRow(config.input, line, 0, "the key function failed: " + e, row.toString(), e);
    }
    if (key == null) {
      throw new BadRow(config.input, line, 0, "the row has no key: " + describe(config.key)
          + " is missing or null", row.toString(), null);
    }
    return key;
  }

  private static String describe(Key key) {
    return switch (key) {
      case Key.Field f -> "field \"" + f.name() + "\"";
      case Key.Pointer p -> "pointer \"" + p.pointer() + "\"";
      case Key.Computed c -> "the computed key \"" + c.column() + "\"";
      case Key.LineNumber l -> "the line number";
    };
  }

  /** Applies the policy; false when the reader must stop. */
  boolean reject(BadRow bad) throws IOException {
    if (config.badRows == dev.sluice.jsonl.BadRows.FAIL) {
      stoppedBy = bad;
      return false;
    }
    ObjectNode record = Json.object();
    record.put("line", bad.line());
    record.put("error", bad.located());
    record.put("text", bad.text());
    rejects.write(Json.line(record));
    counters.rejected.increment();
    return true;
  }

  /** The bad row that stopped the job, or null. */
  BadRow stoppedBy() {
    return stoppedBy;
  }
}
