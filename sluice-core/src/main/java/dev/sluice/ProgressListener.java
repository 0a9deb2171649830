package dev.sluice;

import java.time.Duration;

/**
 * Receives snapshots of a run's progress, set with {@link Pipeline#withProgress}. Ready-made
 * listeners: {@link Progress#bar}, {@link Progress#lines} and {@link Progress#auto}.
 *
 * <p>Calls come from one thread of the run, one at a time: every {@link #interval()} of the
 * pipeline's {@link Ticker} time, and once more when the run ends (with {@link Progress#done()}
 * true), whether it completed, failed or was cancelled. A listener that throws fails the run.
 * A listener shared by several runs must be thread-safe.
 */
@FunctionalInterface
public interface ProgressListener {
  /**
   * Receives one snapshot.
   *
   * @param progress the run's progress now
   */
  void onProgress(Progress progress);

  /**
   * How often to receive snapshots; one second unless overridden.
   *
   * @return the interval, positive
   */
  default Duration interval() {
    return Duration.ofSeconds(1);
  }
}
