package dev.sluice.bench;

import dev.sluice.Pipeline;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sluice, through its public API only, as a user would write it.
 *
 * <p>Fair because: blocking calls run on virtual threads, as they do for every peer that lets
 * us choose; the CPU stage with all cores is Sluice's shared pool (one platform thread per
 * core), and with one thread an executor of one platform thread, as the peers get.
 */
final class SluiceContender implements Contender {
  private final Pools pools = new Pools("sluice-cpu");

  @Override
  public String name() {
    return "sluice";
  }

  @Override
  public <T, R> void mapOrdered(
      Iterable<T> items, int concurrency, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    Pipeline.from(items).<R>mapConcurrent(concurrency, function::apply).drain(sink::accept);
  }

  @Override
  public <T, R> void mapUnordered(
      Iterable<T> items, int concurrency, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    Pipeline.from(items).<R>mapUnordered(concurrency, function::apply).drain(sink::accept);
  }

  @Override
  public <T> void pipeline(
      Iterable<T> items,
      int batchSize,
      int concurrency,
      Function<List<T>, List<T>> perBatch,
      Function<T, T> perItem,
      Consumer<? super T> sink) {
    Pipeline.from(items)
        .batch(batchSize)
        .mapConcurrent(concurrency, perBatch::apply)
        .<T>unbatch()
        .mapUnordered(concurrency, perItem::apply)
        .drain(sink::accept);
  }

  @Override
  public <T, R> void mapCpu(
      Iterable<T> items, int threads, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    Pipeline<T> source = Pipeline.from(items);
    Pipeline<R> mapped;
    if (threads == Runtime.getRuntime().availableProcessors()) {
      mapped = source.mapCpu(function::apply); // the shared pool: one platform thread per core
    } else {
      ExecutorService pool = pools.fixed(threads);
      mapped = source.mapCpu(threads, pool, function::apply);
    }
    mapped.drain(sink::accept);
  }

  @Override
  public void close() {
    pools.close();
  }
}
