package dev.sluice.jsonl.internal;

import dev.sluice.jsonl.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends whole lines to a file under a {@link Durability} policy. Each line, newline included,
 * is handed to the OS in one write call as soon as it is given, so a killed process leaves
 * either the whole line or a torn tail that the next run cuts; nothing is buffered in the JVM.
 * With a time-based fsync, a virtual thread forces the file when a written line has waited
 * {@code interval}, so a stalled job does not keep rows unsynced. Thread-safe (one lock).
 */
public final class LineSink implements AutoCloseable {
  private final FileChannel channel;
  private final int fsyncLines;
  private final long fsyncNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Thread syncer;
  private int unsynced;
  private long firstUnsyncedAt;
  private long position;
  private volatile boolean closed;

  public LineSink(Path file, Durability durability) throws IOException {
    this.channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    this.position = channel.size();
    if (durability instanceof Durability.FsyncEvery every) {
      this.fsyncLines = every.lines();
      this.fsyncNanos = every.interval().toNanos();
      this.syncer =
          fsyncLines > 1
              ? Thread.ofVirtual().name("sluice-jsonl-fsync").start(this::syncPeriodically)
              : null;
    } else {
      this.fsyncLines = 0;
      this.fsyncNanos = 0;
      this.syncer = null;
    }
  }

  /** Appends one line; {@code line} must end with a newline. Returns the line's byte offset. */
  public long write(byte[] line) throws IOException {
    lock.lock();
    try {
      long at = position;
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
      if (fsyncLines > 0) {
        if (unsynced++ == 0) {
          firstUnsyncedAt = System.nanoTime();
        }
        if (unsynced >= fsyncLines) {
          forceLocked();
        }
      }
      return at;
    } finally {
      lock.unlock();
    }
  }

  private void forceLocked() throws IOException {
    channel.force(false);
    unsynced = 0;
  }

  private void syncPeriodically() {
    while (!closed) {
      try {
        Thread.sleep(Math.max(1, fsyncNanos / 4 / 1_000_000));
      } catch (InterruptedException e) {
        return;
      }
      lock.lock();
      try {
        if (!closed && unsynced > 0 && System.nanoTime() - firstUnsyncedAt >= fsyncNanos) {
          forceLocked();
        }
      } catch (IOException e) {
        return; // the next write or close reports the problem
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (fsyncLines > 0 && unsynced > 0) {
        forceLocked();
      }
    } finally {
      lock.unlock();
      if (syncer != null) {
        syncer.interrupt();
      }
    }
    channel.close();
  }
}
