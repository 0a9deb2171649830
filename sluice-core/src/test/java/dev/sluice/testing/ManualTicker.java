package dev.sluice.testing;

import dev.sluice.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Ticker} that moves only when the test advances it. Thread-safe. */
public final class ManualTicker implements Ticker {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  /** Moves time forward. */
  public void advance(Duration amount) {
    nanos.addAndGet(amount.toNanos());
  }

  /** Moves time forward by a number of nanoseconds. */
  public void advanceNanos(long amount) {
    nanos.addAndGet(amount);
  }
}
