package dev.sluice.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Waiting helpers for tests. Every wait has a generous deadline and fails with a message
 * instead of hanging; none asserts on how long something took.
 */
public final class Await {
  /** The default deadline: long, because the build machine is shared and noisy. */
  public static final Duration LONG = Duration.ofSeconds(20);

  private Await() {}

  /** Waits until {@code condition} holds, polling; fails after {@link #LONG}. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, condition, LONG);
  }

  /** Waits until {@code condition} holds, polling; fails after {@code timeout}. */
  public static void until(String what, BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
      }
      pause(Duration.ofMillis(1));
    }
  }

  /** Waits until {@code condition} holds; fails with the state given by {@code state}. */
  public static void until(String what, BooleanSupplier condition, Supplier<?> state) {
    try {
      until(what, condition);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; state: " + state.get(), e);
    }
  }

  /**
   * Waits until {@code value} has not changed for {@code quiet} and returns it: used to read a
   * counter once the threads that move it are all blocked.
   */
  public static long stable(LongSupplier value, Duration quiet) {
    long deadline = System.nanoTime() + LONG.toNanos();
    long last = value.getAsLong();
    long since = System.nanoTime();
    while (true) {
      pause(Duration.ofMillis(2));
      long now = value.getAsLong();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since >= quiet.toNanos()) {
        return now;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("value never settled; last " + last);
      }
    }
  }

  /** Awaits a latch; fails after {@link #LONG}. */
  public static void latch(CountDownLatch latch, String what) {
    try {
      if (!latch.await(LONG.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("timed out after " + LONG + " waiting for: " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for: " + what, e);
    }
  }

  /** Waits until {@code thread} is blocked (WAITING or TIMED_WAITING) or has ended. */
  public static void blocked(Thread thread) {
    until(
        thread + " blocked",
        () ->
            switch (thread.getState()) {
              case WAITING, TIMED_WAITING, TERMINATED -> true;
              default -> false;
            });
  }

  /**
   * Waits until every thread the factory made is blocked or has ended, and stays so for a
   * moment: the run has settled where the test's functions hold it.
   */
  public static void quiescent(TrackingThreadFactory threads) {
    until(
        "the run's threads all blocked",
        () -> {
          for (int i = 0; i < 3; i++) {
            for (Thread t : threads.threads()) {
              if (t.getState() == Thread.State.RUNNABLE || t.getState() == Thread.State.NEW) {
                return false;
              }
            }
            pause(Duration.ofMillis(5));
          }
          return true;
        });
  }

  /** Sleeps without throwing; keeps the interrupt flag. */
  public static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
