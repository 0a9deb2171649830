package dev.sluice;

/**
 * A source that produces items on demand, for {@link Pipeline#generate}. The pipeline calls
 * {@link #next()} from one thread at a time and only when it has room for another item, so a
 * generator is back-pressured: it never runs ahead of the pipeline's bounded buffers.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface Generator<T> {
  /**
   * Produces the next item, blocking if it has to wait for one (a live event source may).
   *
   * @return the next item, or {@code null} when there are no more items
   * @throws Exception any failure, which fails the run
   */
  T next() throws Exception;
}
