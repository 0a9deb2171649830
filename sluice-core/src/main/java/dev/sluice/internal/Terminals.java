package dev.sluice.internal;

import dev.sluice.CheckedConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;

/** The terminal operations; each runs in the thread of the pipeline's last segment. */
public final class Terminals {
  private Terminals() {}

  public static Terminal<Long> count(StageStats stats) {
    return new Terminal<>() {
      private long count;

      @Override
      public boolean push(Object item) {
        count++;
        return true;
      }

      @Override
      public void complete() {
        stats.addIn(count);
      }

      @Override
      public Long result() {
        return count;
      }
    };
  }

  /** Calls the consumer for every item and counts them. */
  @SuppressWarnings("unchecked")
  public static <T> Terminal<Long> forEach(StageStats stats, CheckedConsumer<? super T> consumer) {
    return new Terminal<>() {
      private long count;

      @Override
      public boolean push(Object item) {
        long at = count++;
        stats.addIn(1);
        try {
          consumer.accept((T) item);
        } catch (Throwable e) {
          stats.failed();
          throw Failures.onItem(stats, at, item, e);
        }
        stats.addOut(1);
        return true;
      }

      @Override
      public Long result() {
        return count;
      }
    };
  }

  @SuppressWarnings("unchecked")
  public static <T> Terminal<List<T>> toList(StageStats stats) {
    return new Terminal<>() {
      private final List<T> list = new ArrayList<>();

      @Override
      public boolean push(Object item) {
        list.add((T) item);
        return true;
      }

      @Override
      public void complete() {
        stats.addIn(list.size());
      }

      @Override
      public List<T> result() {
        return list;
      }
    };
  }

  @SuppressWarnings("unchecked")
  public static <T, A> Terminal<A> fold(
      StageStats stats, A initial, BiFunction<A, ? super T, A> folder) {
    return new Terminal<>() {
      private A accumulator = initial;
      private long count;

      @Override
      public boolean push(Object item) {
        long at = count++;
        stats.addIn(1);
        try {
          accumulator = folder.apply(accumulator, (T) item);
        } catch (Throwable e) {
          stats.failed();
          throw Failures.onItem(stats, at, item, e);
        }
        return true;
      }

      @Override
      public A result() {
        return accumulator;
      }
    };
  }

  @SuppressWarnings("unchecked")
  public static <T> Terminal<Optional<T>> reduce(StageStats stats, BinaryOperator<T> reducer) {
    return new Terminal<>() {
      private T accumulator;
      private long count;

      @Override
      public boolean push(Object item) {
        long at = count++;
        stats.addIn(1);
        try {
          accumulator = accumulator == null ? (T) item : reducer.apply(accumulator, (T) item);
        } catch (Throwable e) {
          stats.failed();
          throw Failures.onItem(stats, at, item, e);
        }
        if (accumulator == null) {
          throw Failures.nullResult(stats, at, item);
        }
        return true;
      }

      @Override
      public Optional<T> result() {
        return Optional.ofNullable(accumulator);
      }
    };
  }

  /** Hands every item to a ring that a pull iterator reads from another thread. */
  @SuppressWarnings("unchecked")
  public static <T> Terminal<Void> into(SpscRing<T> ring) {
    return new Terminal<>() {
      @Override
      public boolean push(Object item) {
        return ring.push((T) item);
      }

      @Override
      public void complete() {
        ring.complete();
      }

      @Override
      public Void result() {
        return null;
      }
    };
  }
}
