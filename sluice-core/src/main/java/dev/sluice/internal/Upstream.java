package dev.sluice.internal;

/**
 * The producing end of a segment: a source, or the output side of a concurrent stage.
 *
 * @param <T> the item type
 */
public interface Upstream<T> {
  /**
   * Pushes every item into {@code downstream} from the calling thread, until the items run out
   * (then it calls {@link Downstream#complete()}) or the downstream declines.
   *
   * @param downstream where the items go
   * @throws Exception a failure, which fails the run
   */
  void drive(Downstream<? super T> downstream) throws Exception;
}
