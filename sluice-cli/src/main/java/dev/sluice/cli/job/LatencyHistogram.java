package dev.sluice.cli.job;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Call latencies in logarithmic buckets about 4% wide, from 1 µs to over an hour, for the
 * summary's p50 and p99: constant memory however many rows, lock-free recording.
 */
public final class LatencyHistogram {
  private static final double GROWTH = 1.04;
  private static final double LOG_GROWTH = Math.log(GROWTH);
  private static final int BUCKETS = 600;
  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  /**
   * Records one latency.
   *
   * @param nanos the latency
   */
  public void record(long nanos) {
    counts.incrementAndGet(bucket(nanos));
  }

  private static int bucket(long nanos) {
    double micros = Math.max(1.0, nanos / 1_000.0);
    return (int) Math.min(BUCKETS - 1, Math.floor(Math.log(micros) / LOG_GROWTH));
  }

  /**
   * Latencies recorded.
   *
   * @return the count
   */
  public long count() {
    long n = 0;
    for (int i = 0; i < BUCKETS; i++) {
      n += counts.get(i);
    }
    return n;
  }

  /**
   * The latency below which the given share of calls fell (the bucket's upper edge).
   *
   * @param quantile between 0 and 1
   * @return nanoseconds, or 0 when nothing was recorded
   */
  public long percentile(double quantile) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(quantile * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= Math.max(1, rank)) {
        return (long) (Math.pow(GROWTH, i + 1) * 1_000);
      }
    }
    return (long) (Math.pow(GROWTH, BUCKETS) * 1_000);
  }
}
