package dev.sluice.testing;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts calls running at once and remembers the most seen. Thread-safe. */
public final class ConcurrencyMeter {
  private final AtomicInteger current = new AtomicInteger();
  private final AtomicInteger max = new AtomicInteger();
  private final AtomicInteger total = new AtomicInteger();

  /** Call when a call starts. */
  public void enter() {
    int now = current.incrementAndGet();
    total.incrementAndGet();
    max.accumulateAndGet(now, Math::max);
  }

  /** Call when a call ends. */
  public void exit() {
    current.decrementAndGet();
  }

  public int current() {
    return current.get();
  }

  public int max() {
    return max.get();
  }

  public int total() {
    return total.get();
  }
}
