package dev.sluice.cluster;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Wraps a function to count, on the driver's side and independently of {@link RemoteFunction}'s
 * own counters, how many calls are outstanding at once. The count drops before the pipeline
 * sees the result, because the pipeline is given the stage that does the counting.
 */
final class Counting<T, R> implements Function<T, CompletionStage<R>> {
  private final Function<T, CompletionStage<R>> delegate;
  final AtomicInteger outstanding = new AtomicInteger();
  final AtomicInteger max = new AtomicInteger();

  Counting(Function<T, CompletionStage<R>> delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletionStage<R> apply(T item) {
    max.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
    return delegate.apply(item).whenComplete((r, e) -> outstanding.decrementAndGet());
  }
}
