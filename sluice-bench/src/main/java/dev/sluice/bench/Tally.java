package dev.sluice.bench;

import java.util.function.Consumer;

/**
 * The sink at the end of every workload, the same object for every framework: it counts the
 * items, sums them, and notes when one arrives before a smaller one. The count is what the
 * workloads measure; the sum and the order let the harness check every run's results, so a
 * framework that drops, repeats or reorders items fails loudly instead of looking fast.
 *
 * <p>Frameworks call a sink one item at a time (Reactive Streams' serial {@code onNext}, Pekko's
 * single stage actor, a sequential stream's {@code forEach}, Sluice's {@code drain}), and the
 * caller reads the figures only after the run has ended, so plain fields suffice.
 */
public final class Tally implements Consumer<Long> {
  private long count;
  private long sum;
  private long last = Long.MIN_VALUE;
  private long inversions;

  @Override
  public void accept(Long value) {
    add(value);
  }

  /** Adds one item. */
  public void add(long value) {
    count++;
    sum += value;
    if (value < last) {
      inversions++;
    }
    last = value;
  }

  public long count() {
    return count;
  }

  public long sum() {
    return sum;
  }

  /** How many items arrived after a larger one: zero for an ordered run over rising items. */
  public long inversions() {
    return inversions;
  }

  /**
   * Throws unless the run delivered exactly the expected items.
   *
   * @param expectedCount how many items
   * @param expectedSum their sum
   * @param ordered whether they must have arrived in rising order
   * @throws IllegalStateException naming what is wrong
   */
  public void verify(long expectedCount, long expectedSum, boolean ordered) {
    if (count != expectedCount) {
      throw new IllegalStateException("expected " + expectedCount + " items, got " + count);
    }
    if (sum != expectedSum) {
      throw new IllegalStateException("expected items summing to " + expectedSum + ", got " + sum);
    }
    if (ordered && inversions != 0) {
      throw new IllegalStateException(inversions + " items arrived out of order");
    }
  }

  /** The sum of {@code from, from + 1, ..., from + n - 1}. */
  public static long sumOfRange(long from, long n) {
    return n * from + n * (n - 1) / 2;
  }
}
