package dev.sluice.cli.job;

import dev.sluice.cli.options.Rate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code --rate}: spaces calls evenly, one every {@code 1/rate} seconds, with no burst, since
 * the APIs people rate-limit for count requests per window and a burst at the start is what
 * trips them. Every attempt takes a permit, retries included, because each is a request. The
 * time callers spend waiting is counted for the summary. Thread-safe.
 */
public final class RateLimiter {
  private final long intervalNanos;
  private final LongAdder waitedNanos = new LongAdder();
  private long next = System.nanoTime();

  /**
   * Creates a limiter.
   *
   * @param rate the rate
   */
  public RateLimiter(Rate rate) {
    this.intervalNanos = Math.max(1, Math.round(1e9 / rate.perSecond()));
  }

  /**
   * Waits for the next permit.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void acquire() throws InterruptedException {
    long slot;
    synchronized (this) {
      long now = System.nanoTime();
      slot = Math.max(now, next);
      next = slot + intervalNanos;
    }
    long wait = slot - System.nanoTime();
    if (wait > 0) {
      waitedNanos.add(wait);
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /**
   * Total time callers spent waiting for permits.
   *
   * @return nanoseconds
   */
  public long waitedNanos() {
    return waitedNanos.sum();
  }
}
