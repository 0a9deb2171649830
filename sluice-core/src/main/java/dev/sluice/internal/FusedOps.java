package dev.sluice.internal;

import dev.sluice.CheckedConsumer;
import dev.sluice.CheckedFunction;
import dev.sluice.internal.jfr.SluiceEvents;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The synchronous operators. Each wraps the downstream it feeds and runs in the thread that
 * pushes into it: no queue, no hand-off. Each counts its own items in and out.
 */
public final class FusedOps {
  private FusedOps() {}

  /** Base of the operators: the downstream and the counters. */
  private abstract static class Op<T, R> implements Downstream<T> {
    final Downstream<R> next;
    final StageStats stats;
    long position;

    Op(Downstream<R> next, StageStats stats) {
      this.next = next;
      this.stats = stats;
    }

    /** Pushes one result downstream, counting it. */
    final boolean emit(R result) throws Exception {
      stats.addOut(1);
      return next.push(result);
    }

    @Override
    public void complete() throws Exception {
      next.complete();
    }
  }

  public static <T, R> Downstream<T> map(
      Downstream<R> next, StageStats stats, CheckedFunction<? super T, ? extends R> function) {
    return new Op<T, R>(next, stats) {
      @Override
      public boolean push(T item) throws Exception {
        stats.addIn(1);
        long at = position++;
        R result;
        try {
          result = function.apply(item);
        } catch (Throwable e) {
          stats.failed();
          throw Failures.onItem(stats, at, item, e);
        }
        if (result == null) {
          throw Failures.nullResult(stats, at, item);
        }
        return emit(result);
      }
    };
  }

  public static <T> Downstream<T> filter(
      Downstream<T> next, StageStats stats, Predicate<? super T> predicate) {
    return new Op<T, T>(next, stats) {
      @Override
      public boolean push(T item) throws Exception {
        stats.addIn(1);
        long at = position++;
        boolean keep;
        try {
          keep = predicate.test(item);
        } catch (Throwable e) {
          stats.failed();
          throw Failures.onItem(stats, at, item, e);
        }
        return !keep || emit(item);
      }
    };
  }

  public static <T> Downstream<T> peek(
      Downstream<T> next, StageStats stats, CheckedConsumer<? super T> action) {
    return new Op<T, T>(next, stats) {
      @Override
      public boolean push(T item) throws Exception {
        stats.addIn(1);
        long at = position++;
        try {
          action.accept(item);
        } catch (Throwable e) {
          stats.failed();
          throw Failures.onItem(stats, at, item, e);
        }
        return emit(item);
      }
    };
  }

  /** Also serves {@code unbatch()}: each element of the iterable is pushed on its own. */
  public static <T, R> Downstream<T> flatMap(
      Downstream<R> next,
      StageStats stats,
      CheckedFunction<? super T, ? extends Iterable<? extends R>> function) {
    return new Op<T, R>(next, stats) {
      @Override
      public boolean push(T item) throws Exception {
        stats.addIn(1);
        long at = position++;
        Iterator<? extends R> results;
        try {
          Iterable<? extends R> iterable = function.apply(item);
          if (iterable == null) {
            throw new NullPointerException("the function returned null instead of an Iterable");
          }
          results = iterable.iterator();
        } catch (Throwable e) {
          stats.failed();
          throw Failures.onItem(stats, at, item, e);
        }
        while (true) {
          R result;
          try {
            if (!results.hasNext()) {
              return true;
            }
            result = results.next();
          } catch (Throwable e) {
            stats.failed();
            throw Failures.onItem(stats, at, item, e);
          }
          if (result == null) {
            throw Failures.nullResult(stats, at, item);
          }
          if (!emit(result)) {
            return false;
          }
        }
      }
    };
  }

  /** Passes the first {@code max} items, then completes downstream and declines. */
  public static <T> Downstream<T> limit(Downstream<T> next, StageStats stats, long max) {
    return new Op<T, T>(next, stats) {
      private boolean done;

      @Override
      public boolean push(T item) throws Exception {
        if (done) {
          return false;
        }
        if (max == 0) {
          done = true;
          next.complete();
          return false;
        }
        stats.addIn(1);
        position++;
        if (!emit(item)) {
          done = true;
          return false;
        }
        if (position >= max) {
          done = true;
          next.complete();
          return false;
        }
        return true;
      }

      @Override
      public void complete() throws Exception {
        if (!done) {
          done = true;
          next.complete();
        }
      }
    };
  }

  /** Groups items into lists of {@code size}; the last list may be shorter, never empty. */
  public static <T> Downstream<T> batch(Downstream<List<T>> next, StageStats stats, int size) {
    return new Op<T, List<T>>(next, stats) {
      private List<T> batch = new ArrayList<>(size);

      @Override
      public boolean push(T item) throws Exception {
        stats.addIn(1);
        batch.add(item);
        if (batch.size() < size) {
          return true;
        }
        List<T> full = batch;
        batch = new ArrayList<>(size);
        SluiceEvents.batch(stats, size, false);
        return emit(full);
      }

      @Override
      public void complete() throws Exception {
        if (!batch.isEmpty()) {
          List<T> last = batch;
          batch = new ArrayList<>(0);
          SluiceEvents.batch(stats, last.size(), true);
          if (!emit(last)) {
            return;
          }
        }
        next.complete();
      }
    };
  }
}
