package dev.sluice.jsonl.internal;

import dev.sluice.jsonl.Durability;
import java.io.IOException;
import java.nio.file.Path;

/** A {@link LineSink} opened on its first line, so jobs without errors leave no errors file. */
public final class LazySink implements AutoCloseable {
  private final Path file;
  private final Durability durability;
  private LineSink sink;

  public LazySink(Path file, Durability durability) {
    this.file = file;
    this.durability = durability;
  }

  public synchronized long write(byte[] line) throws IOException {
    if (sink == null) {
      sink = new LineSink(file, durability);
    }
    return sink.write(line);
  }

  @Override
  public synchronized void close() throws IOException {
    if (sink != null) {
      sink.close();
    }
  }
}
