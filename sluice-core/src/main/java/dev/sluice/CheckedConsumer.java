package dev.sluice;

/**
 * A sink for items that may block and may throw. Used by {@link Pipeline#drain} and
 * {@link Pipeline#forEach}. When a drain runs with {@code n > 1} concurrent calls, the consumer
 * must be thread-safe.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface CheckedConsumer<T> {
  /**
   * Consumes one item.
   *
   * @param item the item, never null
   * @throws Exception any failure, which fails the run
   */
  void accept(T item) throws Exception;
}
