package dev.sluice.jsonl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.jsonl.Key;
import dev.sluice.jsonl.OutputRefusedException;
import dev.sluice.jsonl.StartReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds what earlier runs finished, by streaming the files they wrote (never the input):
 * every output row's key goes into the {@link KeyTable} (flag {@code DONE}, and a row count per
 * key where the job needs one); under {@code keepFailed}, every key in the errors file is
 * marked {@code KEPT_FAILED}, otherwise the errors file is emptied, since its rows will be
 * retried; for mapByKey, every journaled result is indexed by its byte offset. Torn tails are
 * cut. An output row without the job's key column means the file is not this job's output,
 * and it is refused.
 */
public final class Resume {
  private static final KeyCodec RECORD_KEY = new KeyCodec(Key.field("key"));

  public final KeyTable table;
  public final List<String> warnings = new ArrayList<>();
  public StartReport report;

  private Resume(KeyTable table) {
    this.table = table;
  }

  /**
   * @param perKeyCounts whether to count output rows per key (mapByKey, createOrResume)
   * @param withSeen whether to count input occurrences per key (mapByKey)
   * @param journal whether to index the results journal (mapByKey)
   */
  public static Resume load(
      JobConfig config, JobFiles files, KeyCodec codec, boolean perKeyCounts, boolean withSeen,
      boolean journal) throws IOException {
    long started = System.nanoTime();
    long expected =
        switch (config.kind) {
          case MAP -> Math.max(estimateLines(config.input), estimateLines(files.output()));
          case MAP_BY_KEY -> estimateLines(files.journal());
          case CREATE -> estimateLines(files.output()) / Math.max(1, config.copies);
        };
    Resume resume = new Resume(new KeyTable(expected + expected / 16, perKeyCounts, withSeen, journal));
    KeyTable table = resume.table;
    long[] hash = new long[2];
    long[] duplicates = new long[1];
    JsonlScan.Result output =
        JsonlScan.scan(
            files.output(), files.output(), "output",
            (bytes, start, length, offset, line) -> {
              JsonNode key = codec.fromLine(bytes, start, length);
              if (key == null) {
                throw new OutputRefusedException(
                    files.output(),
                    files.output() + ":" + line + ": the row has no key column \""
                        + codec.column() + "\" (key " + config.key.describe() + "), so the file"
                        + " is not this job's output; it is left untouched. Use another output"
                        + " file, or the key the file was written with.",
                    null);
              }
              KeyCodec.hash(key, hash);
              int slot = table.insert(hash[0], hash[1]);
              if (table.has(slot, KeyTable.DONE) && !perKeyCounts) {
                duplicates[0]++;
              }
              table.set(slot, KeyTable.DONE);
              if (perKeyCounts) {
                table.addWritten(slot);
              }
            });
    if (duplicates[0] > 0) {
      resume.warnings.add("the output holds " + duplicates[0] + " rows whose key an earlier"
          + " output row already has; they are kept as they are");
    }
    long keysDone = table.size();

    long failuresToRetry = 0;
    long keptFailed = 0;
    if (config.keepFailed) {
      long[] kept = new long[1];
      JsonlScan.scan(
          files.errors(), files.output(), "errors file",
          (bytes, start, length, offset, line) -> {
            JsonNode key = RECORD_KEY.fromLine(bytes, start, length);
            if (key == null) {
              throw new IOException("an errors record without \"key\"");
            }
            KeyCodec.hash(key, hash);
            int slot = table.insert(hash[0], hash[1]);
            if (!table.has(slot, KeyTable.DONE) && !table.has(slot, KeyTable.KEPT_FAILED)) {
              table.set(slot, KeyTable.KEPT_FAILED);
              kept[0]++;
            }
          });
      keptFailed = kept[0];
    } else if (Files.exists(files.errors())) {
      // The rows recorded there are not in the output, so this run retries them; their old
      // records would only mislead, and the failures of this run are recorded anew.
      failuresToRetry = countLines(files.errors());
      truncate(files.errors());
    }

    long journaled = 0;
    if (journal) {
      long[] count = new long[1];
      JsonlScan.scan(
          files.journal(), files.output(), "results journal",
          (bytes, start, length, offset, line) -> {
            JsonNode key = RECORD_KEY.fromLine(bytes, start, length);
            if (key == null) {
              throw new IOException("a journal record without \"key\"");
            }
            KeyCodec.hash(key, hash);
            int slot = table.insert(hash[0], hash[1]);
            table.set(slot, KeyTable.JOURNALED);
            table.setOffset(slot, offset);
            count[0]++;
          });
      journaled = count[0];
    }
    resume.report =
        new StartReport(
            files.output(),
            output.lines() > 0,
            output.lines(),
            output.tornBytes(),
            output.tornLine(),
            keysDone,
            keptFailed,
            failuresToRetry,
            journaled,
            table.bytes(),
            Duration.ofNanos(System.nanoTime() - started));
    return resume;
  }

  /** An estimate of a file's line count from its size and its first megabyte; 0 if absent. */
  static long estimateLines(Path file) throws IOException {
    if (file == null || !Files.exists(file)) {
      return 0;
    }
    long size = Files.size(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, 1 << 20));
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // fill the sample
      }
      int newlines = 0;
      for (int i = 0; i < buffer.position(); i++) {
        if (buffer.get(i) == '\n') {
          newlines++;
        }
      }
      if (buffer.position() == 0) {
        return 0;
      }
      return Math.max(1, (long) ((double) newlines / buffer.position() * size));
    }
  }

  /** Counts newlines (plus a last unterminated line), fast, without decoding. */
  public static long countLines(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
      long lines = 0;
      byte last = '\n';
      while (channel.read(buffer) > 0) {
        buffer.flip();
        int n = buffer.limit();
        for (int i = 0; i < n; i++) {
          if (buffer.get(i) == '\n') {
            lines++;
          }
        }
        if (n > 0) {
          last = buffer.get(n - 1);
        }
        buffer.clear();
      }
      return last == '\n' ? lines : lines + 1;
    }
  }

  static void truncate(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(0);
      channel.force(true);
    }
  }
}
