package dev.sluice.jsonl;

import java.time.Duration;
import java.util.Objects;

/**
 * When the lines a job writes (output, errors, rejects, results journal) are forced to disk.
 *
 * <p>Every policy hands each line to the operating system whole, in one write, as soon as it is
 * ready, so a crash of the process (kill -9, out of memory, Ctrl-C) loses nothing written.
 * What differs is a crash of the machine (power loss, kernel panic), which can lose what the
 * operating system had not yet put on disk; a rerun then recomputes those rows, and cuts a
 * torn last line.
 *
 * <ul>
 *   <li>{@link #flushEachLine()}, the default: no fsync. Costs one write call per line (a few
 *       microseconds). A machine crash may lose the last seconds of rows (about 30 s on Linux
 *       defaults), which a rerun redoes.
 *   <li>{@link #fsyncEvery(int, Duration)}: also fsync after that many lines or that much time,
 *       whichever comes first; a machine crash loses at most that much.
 *   <li>{@link #fsyncEachLine()}: fsync after every line; a machine crash loses nothing written.
 *       Costs an fsync per line: from tens of microseconds (NVMe) to 10 ms (spinning disk).
 * </ul>
 *
 * Immutable and thread-safe.
 */
public sealed interface Durability {

  /**
   * Writes each line to the operating system at once, no fsync; the default.
   *
   * @return the policy
   */
  static Durability flushEachLine() {
    return FlushEachLine.INSTANCE;
  }

  /**
   * Also fsyncs after {@code lines} lines or {@code interval}, whichever comes first, and when
   * the job ends.
   *
   * @param lines the most lines between fsyncs; at least 1
   * @param interval the longest time between a write and its fsync; positive
   * @return the policy
   * @throws IllegalArgumentException if {@code lines < 1} or {@code interval} is not positive
   */
  static Durability fsyncEvery(int lines, Duration interval) {
    return new FsyncEvery(lines, interval);
  }

  /**
   * Fsyncs after every line.
   *
   * @return the policy
   */
  static Durability fsyncEachLine() {
    return new FsyncEvery(1, Duration.ofDays(1));
  }

  /** Each line is written to the operating system at once; no fsync. */
  enum FlushEachLine implements Durability {
    /** The one instance. */
    INSTANCE
  }

  /**
   * Fsync after {@code lines} lines or {@code interval}, whichever comes first.
   *
   * @param lines the most lines between fsyncs
   * @param interval the longest time between a write and its fsync
   */
  record FsyncEvery(int lines, Duration interval) implements Durability {
    /** Checks the arguments. */
    public FsyncEvery {
      if (lines < 1) {
        throw new IllegalArgumentException("lines must be >= 1, was " + lines);
      }
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive, was " + interval);
      }
    }
  }
}
