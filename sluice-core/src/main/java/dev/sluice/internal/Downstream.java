package dev.sluice.internal;

/**
 * The receiving end of a segment: items are pushed into it by exactly one thread at a time.
 *
 * @param <T> the item type
 */
public interface Downstream<T> {
  /**
   * Accepts one item.
   *
   * @param item the item, never null
   * @return false when no more items are wanted; the decliner has then completed everything
   *     below it, and the pusher must stop and must not call {@link #complete()}
   * @throws Exception a failure, which fails the run
   */
  boolean push(T item) throws Exception;

  /**
   * Signals that the upstream has no more items.
   *
   * @throws Exception a failure, which fails the run
   */
  void complete() throws Exception;
}
