package dev.sluice.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RemoteFunction} groups items into the batches it sends to members. One remote
 * task costs the driver about as much CPU as a few dozen items' worth of bookkeeping, so items
 * travel together; a batch also adds latency and is the unit that is run again when a member
 * is lost, so batches should not be larger than they need to be.
 *
 * <p>{@link #auto()} sizes batches so that one takes about {@link #target()} on a member, as
 * measured from the batches already done, between 1 and {@link #maxSize()} items; {@link
 * #fixed(int)} overrides that. Either way a partial batch leaves once its oldest item has waited
 * {@link #maxWait()}, so a slow source never holds items back for long.
 *
 * @param fixedSize the batch size when fixed, or 0 for automatic sizing
 * @param maxSize the largest batch
 * @param maxWait how long the oldest item of a partial batch may wait for more; positive
 * @param target the time one batch should take on a member, for automatic sizing; positive
 */
public record Batching(int fixedSize, int maxSize, Duration maxWait, Duration target) {

  /** The default largest batch. */
  public static final int DEFAULT_MAX_SIZE = 256;

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if a size or duration is out of range
   */
  public Batching {
    Objects.requireNonNull(maxWait, "maxWait");
    Objects.requireNonNull(target, "target");
    if (fixedSize < 0) {
      throw new IllegalArgumentException("fixedSize must be >= 0, was " + fixedSize);
    }
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be >= 1, was " + maxSize);
    }
    if (fixedSize > maxSize) {
      throw new IllegalArgumentException(
          "fixedSize must be <= maxSize, was " + fixedSize + " > " + maxSize);
    }
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("maxWait must be positive, was " + maxWait);
    }
    if (target.isNegative() || target.isZero()) {
      throw new IllegalArgumentException("target must be positive, was " + target);
    }
  }

  /**
   * Automatic sizing: batches of about 50 ms of member time, at most 256 items, a partial batch
   * waiting at most 2 ms.
   *
   * @return the default batching
   */
  public static Batching auto() {
    return new Batching(0, DEFAULT_MAX_SIZE, Duration.ofMillis(2), Duration.ofMillis(50));
  }

  /**
   * Batches of exactly {@code size} items (the last, or one cut short by {@link #maxWait()},
   * may be smaller).
   *
   * @param size the batch size; at least 1
   * @return fixed batching
   * @throws IllegalArgumentException if {@code size < 1}
   */
  public static Batching fixed(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, was " + size);
    }
    Batching auto = auto();
    return new Batching(size, Math.max(size, auto.maxSize), auto.maxWait, auto.target);
  }

  /**
   * One item per remote task: the most driver CPU per item, for comparison and for functions
   * so slow that batching gains nothing.
   *
   * @return batching of one
   */
  public static Batching none() {
    return fixed(1);
  }

  /**
   * This batching with another largest batch.
   *
   * @param size at least 1 (and at least the fixed size, if any)
   * @return the new batching
   */
  public Batching withMaxSize(int size) {
    return new Batching(fixedSize, size, maxWait, target);
  }

  /**
   * This batching with another longest wait for a partial batch.
   *
   * @param wait positive
   * @return the new batching
   */
  public Batching withMaxWait(Duration wait) {
    return new Batching(fixedSize, maxSize, wait, target);
  }

  /**
   * This batching with another target time per batch.
   *
   * @param time positive
   * @return the new batching
   */
  public Batching withTarget(Duration time) {
    return new Batching(fixedSize, maxSize, maxWait, time);
  }

  /**
   * Whether the size is fixed.
   *
   * @return true for {@link #fixed(int)} batching
   */
  public boolean isFixed() {
    return fixedSize > 0;
  }
}
