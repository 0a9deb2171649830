package dev.sluice.bench;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * RxJava 3, written as its wiki recommends for concurrent calls: {@code Flowable.fromCallable}
 * moved off the caller with {@code subscribeOn}, merged with {@code concatMapEager} (ordered)
 * or {@code flatMap} (unordered) bounded by the concurrency.
 *
 * <p>Fair because: blocking calls run on {@code Schedulers.from} a virtual-thread-per-task
 * executor, where Sluice runs them; the inner prefetch is 1 since every inner flowable yields one
 * item; CPU work runs on {@code Schedulers.from} a fixed pool of the requested size; the
 * terminal is {@code doOnNext(sink).ignoreElements().blockingAwait()}, which adds no queue.
 */
final class RxJavaContender implements Contender {
  private final Pools pools = new Pools("rxjava");
  private final Scheduler virtualThreads = Schedulers.from(pools.virtualThreads());

  @Override
  public String name() {
    return "rxjava";
  }

  @Override
  public <T, R> void mapOrdered(
      Iterable<T> items, int concurrency, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    Flowable.fromIterable(items)
        .concatMapEager(x -> call(function, x, virtualThreads), concurrency, 1)
        .doOnNext(sink::accept)
        .ignoreElements()
        .blockingAwait();
  }

  @Override
  public <T, R> void mapUnordered(
      Iterable<T> items, int concurrency, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    Flowable.fromIterable(items)
        .flatMap(x -> call(function, x, virtualThreads), false, concurrency, 1)
        .doOnNext(sink::accept)
        .ignoreElements()
        .blockingAwait();
  }

  @Override
  public <T> void pipeline(
      Iterable<T> items,
      int batchSize,
      int concurrency,
      Function<List<T>, List<T>> perBatch,
      Function<T, T> perItem,
      Consumer<? super T> sink) {
    Flowable.fromIterable(items)
        .buffer(batchSize)
        .concatMapEager(batch -> call(perBatch, batch, virtualThreads), concurrency, 1)
        .concatMapIterable(batch -> batch)
        .flatMap(x -> call(perItem, x, virtualThreads), false, concurrency, 1)
        .doOnNext(sink::accept)
        .ignoreElements()
        .blockingAwait();
  }

  @Override
  public <T, R> void mapCpu(
      Iterable<T> items, int threads, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    Scheduler pool = Schedulers.from(pools.fixed(threads));
    Flowable.fromIterable(items)
        .concatMapEager(x -> call(function, x, pool), threads, 1)
        .doOnNext(sink::accept)
        .ignoreElements()
        .blockingAwait();
  }

  private static <T, R> Flowable<R> call(Function<? super T, ? extends R> function, T item, Scheduler on) {
    return Flowable.<R>fromCallable(() -> function.apply(item)).subscribeOn(on);
  }

  @Override
  public void close() {
    pools.close();
  }
}
