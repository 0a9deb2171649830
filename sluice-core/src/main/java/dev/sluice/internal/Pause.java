package dev.sluice.internal;

import java.util.concurrent.locks.LockSupport;

/** Sleeps on the run's ticker, parking the thread (a virtual thread frees its carrier). */
final class Pause {
  private Pause() {}

  /**
   * Parks for {@code nanos} of the run's time; throws {@link RunStopped} if the run stops or
   * {@code abandon} turns true (checked when the thread is interrupted).
   */
  static void sleep(RunContext run, long nanos, java.util.function.BooleanSupplier abandon) {
    long deadline = run.ticker().nanoTime() + nanos;
    while (true) {
      run.checkNotStopped();
      if (abandon.getAsBoolean()) {
        throw RunStopped.INSTANCE;
      }
      long remaining = deadline - run.ticker().nanoTime();
      if (remaining <= 0) {
        return;
      }
      // A manual ticker moves without telling anyone: re-read it every millisecond.
      LockSupport.parkNanos(run.systemTime() ? remaining : Math.min(remaining, 1_000_000L));
      if (Thread.interrupted()) {
        run.checkNotStopped();
      }
    }
  }
}
