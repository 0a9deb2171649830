package dev.sluice.jsonl;

import dev.sluice.jsonl.internal.PrintingListener;
import dev.sluice.jsonl.internal.SilentListener;
import java.io.PrintStream;
import java.util.Objects;

/**
 * Hears what a job does: what it found on start, its progress, and its end. Calls never overlap:
 * {@link #started} and {@link #finished} come from the thread that runs the job, {@link
 * #progress} from a progress thread of the job, once per {@code progressInterval} and once at
 * the end, so a slow listener delays only further reports, never the rows. An exception thrown
 * by {@code started} or {@code finished} propagates to the caller; one thrown by {@code
 * progress} ends the progress reports of that run, and the job goes on.
 */
public interface JobListener {

  /**
   * Called once, after the output has been checked and read, before any row is processed.
   *
   * @param report what the job found
   */
  default void started(StartReport report) {}

  /**
   * Called periodically while rows are processed.
   *
   * @param progress a snapshot
   */
  default void progress(Progress progress) {}

  /**
   * Called once when the run ends normally (not when it throws).
   *
   * @param report what the run did
   */
  default void finished(JobReport report) {}

  /**
   * A listener that prints one line per event, e.g. {@code sluice-jsonl: 13,000/20,000 rows
   * (12,345 skipped as done, 0 failed, 0 rejected) 1,234 rows/s, ETA 5s}.
   *
   * @param out where to print
   * @return the listener
   */
  static JobListener printing(PrintStream out) {
    Objects.requireNonNull(out, "out");
    return new PrintingListener(out);
  }

  /**
   * The listener that does nothing; the default.
   *
   * @return the listener
   */
  static JobListener none() {
    return SilentListener.INSTANCE;
  }
}
