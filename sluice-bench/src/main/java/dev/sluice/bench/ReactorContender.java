package dev.sluice.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Project Reactor, written as its documentation recommends for concurrent blocking calls: wrap
 * the call in {@code Mono.fromCallable}, move it off the caller with {@code subscribeOn}, and
 * merge with {@code flatMapSequential} (ordered) or {@code flatMap} (unordered) bounded by the
 * concurrency.
 *
 * <p>Fair because: the blocking calls run on a scheduler over a virtual-thread-per-task
 * executor, exactly where Sluice runs them; the inner prefetch is 1 because each inner
 * publisher yields exactly one item (a larger prefetch only allocates bigger queues); the CPU
 * work runs on {@code Schedulers.newParallel} of the requested size, Reactor's own CPU
 * scheduler; the terminal is {@code doOnNext(sink).then().block()}, no extra hop.
 */
final class ReactorContender implements Contender {
  private final Pools pools = new Pools("reactor");
  private final Scheduler virtualThreads = Schedulers.fromExecutorService(pools.virtualThreads(), "vt");
  private final Map<Integer, Scheduler> parallel = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "reactor";
  }

  @Override
  public <T, R> void mapOrdered(
      Iterable<T> items, int concurrency, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    Flux.fromIterable(items)
        .flatMapSequential(x -> call(function, x, virtualThreads), concurrency, 1)
        .doOnNext(sink)
        .then()
        .block();
  }

  @Override
  public <T, R> void mapUnordered(
      Iterable<T> items, int concurrency, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    Flux.fromIterable(items)
        .flatMap(x -> call(function, x, virtualThreads), concurrency, 1)
        .doOnNext(sink)
        .then()
        .block();
  }

  @Override
  public <T> void pipeline(
      Iterable<T> items,
      int batchSize,
      int concurrency,
      Function<List<T>, List<T>> perBatch,
      Function<T, T> perItem,
      Consumer<? super T> sink) {
    Flux.fromIterable(items)
        .buffer(batchSize)
        .flatMapSequential(batch -> call(perBatch, batch, virtualThreads), concurrency, 1)
        .flatMapIterable(batch -> batch)
        .flatMap(x -> call(perItem, x, virtualThreads), concurrency, 1)
        .doOnNext(sink)
        .then()
        .block();
  }

  @Override
  public <T, R> void mapCpu(
      Iterable<T> items, int threads, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    Scheduler scheduler =
        parallel.computeIfAbsent(threads, n -> Schedulers.newParallel("reactor-cpu", n, true));
    Flux.fromIterable(items)
        .flatMapSequential(x -> call(function, x, scheduler), threads, 1)
        .doOnNext(sink)
        .then()
        .block();
  }

  private static <T, R> Mono<R> call(Function<? super T, ? extends R> function, T item, Scheduler on) {
    return Mono.<R>fromCallable(() -> function.apply(item)).subscribeOn(on);
  }

  @Override
  public void close() {
    parallel.values().forEach(Scheduler::dispose);
    virtualThreads.dispose();
    pools.close();
  }
}
