package dev.sluice.cluster;

/**
 * Chooses the size of the next batch. Automatic sizing aims at batches that take about {@link
 * Batching#target()} on a member: it keeps a moving average of member time per item (batch
 * time over batch size, which already reflects how many items a member runs at once) and
 * divides the target by it. A fast function gets full batches, where the driver's cost per item
 * is lowest; a slow one gets small batches, which spread over the members and lose little when
 * a member dies.
 */
final class BatchSizer {
  private static final int FIRST_SIZE = 16;
  private static final double WEIGHT = 0.3;

  private final Batching batching;
  private final long targetNanos;
  private double nanosPerItem = -1;
  private volatile int size;

  BatchSizer(Batching batching) {
    this.batching = batching;
    this.targetNanos = batching.target().toNanos();
    this.size = batching.isFixed() ? batching.fixedSize() : Math.min(FIRST_SIZE, batching.maxSize());
  }

  /** The size for the next batch, at most {@code cap}. */
  int size(int cap) {
    return Math.max(1, Math.min(size, cap));
  }

  /** Learns from a batch that ran on a member. */
  synchronized void observe(int items, long nanos) {
    if (batching.isFixed() || items <= 0) {
      return;
    }
    double perItem = Math.max(1.0, (double) nanos / items);
    nanosPerItem = nanosPerItem < 0 ? perItem : (1 - WEIGHT) * nanosPerItem + WEIGHT * perItem;
    long wanted = Math.round(targetNanos / nanosPerItem);
    // Grow at most fourfold per batch, so a few early, noisy measurements cannot jump to the max.
    long limited = Math.min(wanted, 4L * Math.max(1, size));
    size = (int) Math.max(1, Math.min(batching.maxSize(), limited));
  }

  int current() {
    return size;
  }
}
