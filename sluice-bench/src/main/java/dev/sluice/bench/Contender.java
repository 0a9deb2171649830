package dev.sluice.bench;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One framework's way to run the harness's workloads, each written with that framework's own
 * idiomatic operators. Every method runs to completion on the calling thread's behalf and
 * passes every result to {@code sink}, one call at a time; the functions it is given may block.
 *
 * <p>Implementations hold whatever the framework needs across runs (schedulers, executors, an
 * actor system), created once so that no run pays for it, and release it in {@link #close()}.
 */
public interface Contender extends AutoCloseable {

  /** The framework's short name, as printed in the table. */
  String name();

  /**
   * Applies {@code function} to every item off the caller's thread, at most {@code concurrency}
   * calls at once, and passes the results on in input order.
   */
  <T, R> void mapOrdered(
      Iterable<T> items, int concurrency, Function<? super T, ? extends R> function, Consumer<? super R> sink);

  /** Like {@link #mapOrdered} but results may leave in completion order. */
  <T, R> void mapUnordered(
      Iterable<T> items, int concurrency, Function<? super T, ? extends R> function, Consumer<? super R> sink);

  /**
   * Groups items into lists of {@code batchSize}, maps each list (ordered, {@code concurrency}
   * at once), flattens the lists again and maps each item (unordered, {@code concurrency} at
   * once).
   */
  <T> void pipeline(
      Iterable<T> items,
      int batchSize,
      int concurrency,
      Function<List<T>, List<T>> perBatch,
      Function<T, T> perItem,
      Consumer<? super T> sink);

  /**
   * Applies a CPU-bound function on a pool of {@code threads} platform threads (or as close to
   * that as the framework allows), in input order.
   */
  <T, R> void mapCpu(
      Iterable<T> items, int threads, Function<? super T, ? extends R> function, Consumer<? super R> sink);

  /** Releases the framework's threads; the contender is unusable afterwards. */
  @Override
  void close();
}
