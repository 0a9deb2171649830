package dev.sluice.bench;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Gatherers;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The JDK's own answer: a sequential {@link Stream} with {@link Gatherers#mapConcurrent}, which
 * runs each call on a virtual thread and keeps input order, and {@link Gatherers#windowFixed}
 * for batches.
 *
 * <p>Fair because: it is what a Java 25 user gets with no library at all; calls run on virtual
 * threads as Sluice's do. The JDK has no unordered {@code mapConcurrent} nor a way to choose
 * its threads, so the unordered workloads use the ordered operator (a stricter promise, which
 * can only make it slower when calls finish out of order; with a trivial function they rarely
 * do), and the CPU workload bounds the concurrency to the pool size instead, the calls running
 * on virtual threads over the JDK's carrier pool of one thread per core.
 */
final class GatherersContender implements Contender {

  @Override
  public String name() {
    return "gatherers";
  }

  @Override
  public <T, R> void mapOrdered(
      Iterable<T> items, int concurrency, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    stream(items).gather(Gatherers.<T, R>mapConcurrent(concurrency, function)).forEach(sink);
  }

  @Override
  public <T, R> void mapUnordered(
      Iterable<T> items, int concurrency, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    mapOrdered(items, concurrency, function, sink);
  }

  @Override
  public <T> void pipeline(
      Iterable<T> items,
      int batchSize,
      int concurrency,
      Function<List<T>, List<T>> perBatch,
      Function<T, T> perItem,
      Consumer<? super T> sink) {
    stream(items)
        .gather(Gatherers.windowFixed(batchSize))
        .gather(Gatherers.mapConcurrent(concurrency, perBatch))
        .flatMap(List::stream)
        .gather(Gatherers.mapConcurrent(concurrency, perItem))
        .forEach(sink);
  }

  @Override
  public <T, R> void mapCpu(
      Iterable<T> items, int threads, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    mapOrdered(items, threads, function, sink);
  }

  private static <T> Stream<T> stream(Iterable<T> items) {
    return StreamSupport.stream(items.spliterator(), false);
  }

  @Override
  public void close() {
    // mapConcurrent starts and ends its virtual threads within each run.
  }
}
