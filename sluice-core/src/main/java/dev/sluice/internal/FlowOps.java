package dev.sluice.internal;

import dev.sluice.CheckedFunction;
import dev.sluice.RateLimiter;
import dev.sluice.internal.jfr.SluiceEvents;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The fused flow-control operators: {@code rateLimit} and {@code gather}. Like the operators of
 * {@link FusedOps}, each runs in the thread that pushes into it and counts its items in and out.
 */
public final class FlowOps {
  private FlowOps() {}

  /**
   * Waits for permits before passing each item on, in the pushing thread, so the stage after it
   * sees items no faster than the limiter allows. The wait counts as the stage's busy time and
   * latency (one call in flight while waiting).
   *
   * @param weight the permits an item takes, or null for one each
   */
  public static <T> Downstream<T> rateLimit(
      Downstream<T> next,
      StageStats stats,
      RunContext run,
      RateLimiter limiter,
      ToIntFunction<? super T> weight) {
    stats.limits(1, 0);
    return new Downstream<>() {
      private long position;

      @Override
      public boolean push(T item) throws Exception {
        stats.addIn(1);
        long at = position++;
        int permits = 1;
        if (weight != null) {
          try {
            permits = weight.applyAsInt(item);
          } catch (Throwable e) {
            stats.failed();
            throw Failures.onItem(stats, at, item, e);
          }
          if (permits < 1) {
            stats.failed();
            throw Failures.onItem(
                stats, at, item,
                new IllegalArgumentException("weight must be >= 1, was " + permits));
          }
        }
        long started = System.nanoTime();
        stats.callsStarted(1);
        try {
          limiter.acquire(permits);
        } catch (InterruptedException e) {
          run.checkNotStopped();
          throw Failures.onItem(stats, at, item, e);
        } finally {
          stats.callsEnded(1);
          long took = System.nanoTime() - started;
          stats.callsTook(1, took);
        }
        stats.addOut(1);
        return next.push(item);
      }

      @Override
      public void complete() throws Exception {
        next.complete();
      }
    };
  }

  /**
   * For each item, calls every function on a thread of its own (from the run's thread factory,
   * virtual by default), waits for all of them, and passes on {@code combine} of their results,
   * in the order of the functions. A failing call fails the run, which interrupts the others.
   */
  public static <T, A, R> Downstream<T> gather(
      Downstream<R> next,
      StageStats stats,
      RunContext run,
      List<CheckedFunction<? super T, ? extends A>> functions,
      Function<? super List<A>, ? extends R> combine) {
    int n = functions.size();
    stats.limits(n, 0);
    Gate allDone = new Gate(run);
    return new Downstream<>() {
      private long position;

      @Override
      @SuppressWarnings("unchecked")
      public boolean push(T item) throws Exception {
        stats.addIn(1);
        long at = position++;
        Object[] results = new Object[n];
        AtomicInteger remaining = new AtomicInteger(n);
        for (int i = 0; i < n; i++) {
          int index = i;
          CheckedFunction<? super T, ? extends A> function = functions.get(i);
          run.spawn(
              stats.name() + "-call-" + i,
              () -> {
                long started = System.nanoTime();
                stats.callsStarted(1);
                A result;
                try {
                  result = function.apply(item);
                } catch (Throwable e) {
                  if (!run.isStopped()) {
                    stats.failed();
                  }
                  throw Failures.onItem(stats, at, item, e);
                } finally {
                  stats.callsEnded(1);
                  long took = System.nanoTime() - started;
                  stats.callsTook(1, took);
                  SluiceEvents.call(stats, took);
                }
                if (result == null) {
                  throw Failures.nullResult(stats, at, item);
                }
                results[index] = result; // published by the decrement below
                if (remaining.decrementAndGet() == 0) {
                  allDone.signal();
                }
              });
        }
        allDone.await(() -> remaining.get() == 0);
        R combined;
        try {
          combined = combine.apply(Collections.unmodifiableList(Arrays.asList((A[]) results)));
        } catch (Throwable e) {
          stats.failed();
          throw Failures.onItem(stats, at, item, e);
        }
        if (combined == null) {
          throw Failures.nullResult(stats, at, item);
        }
        stats.addOut(1);
        return next.push(combined);
      }

      @Override
      public void complete() throws Exception {
        next.complete();
      }
    };
  }
}
