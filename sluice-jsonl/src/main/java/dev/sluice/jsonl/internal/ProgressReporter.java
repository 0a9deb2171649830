package dev.sluice.jsonl.internal;

import dev.sluice.jsonl.JobListener;
import dev.sluice.jsonl.Progress;
import java.time.Duration;

/**
 * Calls {@link JobListener#progress} from a virtual thread of its own every interval, so
 * reports keep coming while the writer waits for a slow function, and a slow listener holds up
 * nothing. The rate counts rows written or failed by this run since it started.
 */
public final class ProgressReporter implements AutoCloseable {
  private final JobListener listener;
  private final Counters counters;
  private final long intervalNanos;
  private final long startNanos = System.nanoTime();
  private final Object lock = new Object();
  private final Thread thread;
  private volatile boolean stopped;
  private boolean broken;

  public ProgressReporter(JobListener listener, Counters counters, Duration interval) {
    this.listener = listener;
    this.counters = counters;
    this.intervalNanos = interval.toNanos();
    this.thread =
        listener instanceof SilentListener
            ? null
            : Thread.ofVirtual().name("sluice-jsonl-progress").start(this::loop);
  }

  private void loop() {
    while (!stopped) {
      try {
        Thread.sleep(Duration.ofNanos(intervalNanos));
      } catch (InterruptedException e) {
        return;
      }
      if (!stopped) {
        report();
      }
    }
  }

  /** Reports once more; called at the end of the run. */
  public void report() {
    synchronized (lock) {
      if (broken || listener instanceof SilentListener) {
        return;
      }
      try {
        listener.progress(snapshot());
      } catch (RuntimeException e) {
        broken = true; // documented: a failing listener ends the reports, not the job
      }
    }
  }

  public Progress snapshot() {
    long elapsed = System.nanoTime() - startNanos;
    long total = counters.total.get();
    long handled = counters.handled();
    long done = counters.written.sum() + counters.failed.sum();
    double seconds = elapsed / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    Duration eta = null;
    if (total >= 0 && rate > 0) {
      long left = Math.max(0, total - handled);
      eta = Duration.ofMillis((long) (left / rate * 1000));
    }
    return new Progress(
        total,
        handled,
        counters.written.sum(),
        counters.skipped.sum(),
        counters.failed.sum(),
        counters.rejected.sum(),
        rate,
        Duration.ofNanos(elapsed),
        eta);
  }

  @Override
  public void close() {
    stopped = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
