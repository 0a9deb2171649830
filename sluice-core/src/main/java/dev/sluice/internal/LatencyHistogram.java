package dev.sluice.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A concurrent histogram of durations with log-linear buckets: each power of two is cut into
 * eight, so a percentile read from it is within about 9% of the true value. Recording is one
 * atomic increment; reading sums the buckets and may see a recording in progress.
 */
public final class LatencyHistogram {
  private static final int SUB_BUCKETS = 8;
  private static final int SUB_BITS = 3;
  private final AtomicLongArray counts = new AtomicLongArray(64 * SUB_BUCKETS);

  public void record(long nanos) {
    counts.incrementAndGet(bucket(Math.max(1, nanos)));
  }

  static int bucket(long value) {
    int magnitude = 63 - Long.numberOfLeadingZeros(value);
    if (magnitude < SUB_BITS) {
      return (int) value;
    }
    int sub = (int) ((value >>> (magnitude - SUB_BITS)) & (SUB_BUCKETS - 1));
    return magnitude * SUB_BUCKETS + sub;
  }

  /** The smallest value that falls in bucket {@code index}. */
  static long lowerBound(int index) {
    int magnitude = index / SUB_BUCKETS;
    if (magnitude < SUB_BITS) {
      return index;
    }
    int sub = index % SUB_BUCKETS;
    return (1L << magnitude) | ((long) sub << (magnitude - SUB_BITS));
  }

  /** The value below which {@code fraction} of the recordings fall; 0 when there are none. */
  public long percentile(double fraction) {
    long total = 0;
    for (int i = 0; i < counts.length(); i++) {
      total += counts.get(i);
    }
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(fraction * total);
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= Math.max(1, rank)) {
        return lowerBound(i);
      }
    }
    return lowerBound(counts.length() - 1);
  }
}
