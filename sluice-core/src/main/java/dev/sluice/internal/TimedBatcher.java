package dev.sluice.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code batch(size, maxWait)}: a batch leaves when it is full, or when its oldest item has
 * waited {@code maxWait}, or at the end; never empty. The items cross a {@link SpscRing} to the
 * batcher's own thread, which can therefore wake up on the deadline even when the source is
 * stalled. Time is read from the run's {@link dev.sluice.Ticker}; the wait starts when the
 * batcher takes the first item of a batch from the ring.
 */
public final class TimedBatcher<T> implements Boundary {
  private final SpscRing<T> ring;
  private final RunContext run;
  private final StageStats stats;
  private final int size;
  private final long maxWaitNanos;

  public TimedBatcher(RunContext run, StageStats stats, int size, long maxWaitNanos) {
    this.ring = new SpscRing<>(run, size, null);
    this.run = run;
    this.stats = stats;
    this.size = size;
    this.maxWaitNanos = maxWaitNanos;
  }

  @Override
  public void decline() {
    ring.decline();
  }

  @Override
  public void onDecline(Runnable action) {
    ring.onDecline(action);
  }

  @Override
  public Downstream<?> inlet() {
    return new Downstream<T>() {
      @Override
      public boolean push(T item) {
        stats.addIn(1);
        return ring.push(item);
      }

      @Override
      public void complete() {
        ring.complete();
      }
    };
  }

  @Override
  public Upstream<?> outlet() {
    return this::drive;
  }

  @SuppressWarnings("unchecked")
  private void drive(Downstream<? super List<T>> downstream) throws Exception {
    List<T> batch = new ArrayList<>(size);
    long deadline = 0;
    while (true) {
      Object next = batch.isEmpty() ? ring.take() : ring.pollUntil(deadline);
      if (next == SpscRing.END) {
        if (ring.isDeclined()) {
          return;
        }
        if (!batch.isEmpty() && !emit(downstream, batch)) {
          return;
        }
        downstream.complete();
        return;
      }
      if (next == SpscRing.TIMEOUT) {
        if (!emit(downstream, batch)) {
          return;
        }
        batch = new ArrayList<>(size);
        continue;
      }
      if (batch.isEmpty()) {
        deadline = run.ticker().nanoTime() + maxWaitNanos;
      }
      batch.add((T) next);
      if (batch.size() == size) {
        if (!emit(downstream, batch)) {
          return;
        }
        batch = new ArrayList<>(size);
      }
    }
  }

  private boolean emit(Downstream<? super List<T>> downstream, List<T> batch) throws Exception {
    stats.addOut(1);
    dev.sluice.internal.jfr.SluiceEvents.batch(stats, batch.size(), batch.size() < size);
    if (downstream.push(batch)) {
      return true;
    }
    ring.decline();
    return false;
  }
}
