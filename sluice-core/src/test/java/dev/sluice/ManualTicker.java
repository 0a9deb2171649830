package dev.sluice;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that moves only when told to: time-based behaviour without sleeping. */
final class ManualTicker implements Ticker {
  private final AtomicLong now = new AtomicLong();

  @Override
  public long nanoTime() {
    return now.get();
  }

  void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  void advanceNanos(long nanos) {
    now.addAndGet(nanos);
  }

  void set(long nanos) {
    now.set(nanos);
  }
}
