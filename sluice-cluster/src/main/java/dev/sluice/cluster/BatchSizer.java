package dev.sluice.cluster;

/**
 * Chooses the size of the next batch. Automatic sizing aims at batches that take about {@link
 * Batching#target()} on a member running them alone: it keeps a moving average of the run time
 * of one item (measured on the members, without the time items wait for each other) and takes
 * {@code parallelism * target / itemTime} items. Measuring whole batches instead would count
 * the time a batch waits behind others on a busy member, and shrink batches just when the
 * members are the bottleneck. A fast function gets full batches, where the driver's cost per
 * item is lowest; a slow one gets small batches, which spread over the members and lose little
 * when a member dies.
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

  /** Learns from a batch that ran on a member whose parallelism is given. */
  synchronized void observe(int items, long busyNanos, int parallelism) {
    if (batching.isFixed() || items <= 0) {
      return;
    }
    double perItem = Math.max(1.0, (double) busyNanos / items);
    nanosPerItem = nanosPerItem < 0 ? perItem : (1 - WEIGHT) * nanosPerItem + WEIGHT * perItem;
    long wanted = Math.round(Math.max(1, parallelism) * targetNanos / nanosPerItem);
    // Grow at most fourfold per batch, so a few early, noisy measurements cannot jump to the max.
    long limited = Math.min(wanted, 4L * Math.max(1, size));
    size = (int) Math.max(1, Math.min(batching.maxSize(), limited));
  }

  int current() {
    return size;
  }
}
