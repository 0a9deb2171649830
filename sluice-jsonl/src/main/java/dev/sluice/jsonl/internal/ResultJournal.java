package dev.sluice.jsonl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.jsonl.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The results of a mapByKey job, one line per key ({@code {"key": k, "result": r}}), appended
 * before any output row that uses them, so that a result is computed once even across crashes.
 * Results are found again by byte offset (kept in the key table), and the last {@code
 * cacheSize} used are kept in memory (least recently used out): this is what bounds the
 * results held in memory, unlike seed 003, which holds them all. Thread-safe.
 */
public final class ResultJournal implements AutoCloseable {
  private final LineSink sink;
  private final FileChannel reader;
  private final Map<Key128, JsonNode> cache;
  private final int cacheSize;

  /** A key's hash, as a map key. */
  public record Key128(long hi, long lo) {}

  public ResultJournal(Path file, Durability durability, int cacheSize) throws IOException {
    this.sink = new LineSink(file, durability);
    this.reader = FileChannel.open(file, StandardOpenOption.READ);
    this.cacheSize = cacheSize;
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Key128, JsonNode> eldest) {
        return size() > ResultJournal.this.cacheSize;
      }
    };
  }

  /** Appends a result and returns its offset. */
  public long append(JsonNode key, JsonNode result, Key128 hash) throws IOException {
    ObjectNode record = Json.object();
    record.set("key", key);
    record.set("result", result);
    long offset = sink.write(Json.line(record));
    remember(hash, result);
    return offset;
  }

  /** The result stored at {@code offset}, from the cache or read back from the file. */
  public JsonNode read(Key128 hash, long offset) throws IOException {
    synchronized (cache) {
      JsonNode cached = cache.get(hash);
      if (cached != null) {
        return cached;
      }
    }
    byte[] line = readLine(offset);
    JsonNode result = Json.MAPPER.readTree(line).get("result");
    if (result == null) {
      throw new IOException("the results journal has no result at byte " + offset);
    }
    remember(hash, result);
    return result;
  }

  private void remember(Key128 hash, JsonNode result) {
    if (cacheSize > 0) {
      synchronized (cache) {
        cache.put(hash, result);
      }
    }
  }

  private byte[] readLine(long offset) throws IOException {
    byte[] bytes = new byte[512];
    int length = 0;
    while (true) {
      if (length == bytes.length) {
        bytes = Arrays.copyOf(bytes, bytes.length * 2);
      }
      int n = reader.read(ByteBuffer.wrap(bytes, length, bytes.length - length), offset + length);
      if (n <= 0) {
        throw new IOException("the results journal ends inside the line at byte " + offset);
      }
      for (int i = length; i < length + n; i++) {
        if (bytes[i] == '\n') {
          return Arrays.copyOf(bytes, i);
        }
      }
      length += n;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      sink.close();
    } finally {
      reader.close();
    }
  }
}
