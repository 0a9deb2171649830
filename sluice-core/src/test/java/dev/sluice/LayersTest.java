package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** {@link Layers}: seed 004's layers, with blocking and asynchronous worker layers. */
class LayersTest {

  @Test
  void blockingAndAsyncWorkerLayers_collectEveryItemOnce() {
    Set<Integer> collected = ConcurrentHashMap.newKeySet();
    AtomicInteger next = new AtomicInteger();
    long n = Layers.pipeline(
        Layer.source(() -> next.get() < 500 ? next.incrementAndGet() : null),
        Layer.of((Integer x) -> x * 2, 4),
        Layer.ofAsync((Integer x) -> CompletableFuture.supplyAsync(() -> x + 1), 8),
        Layer.collect((Integer x) -> assertThat(collected.add(x)).isTrue()));
    assertThat(n).isEqualTo(500);
    assertThat(collected).hasSize(500).allSatisfy(x -> assertThat(x % 2).isEqualTo(1));
  }

  @RepeatedTest(5)
  void anAsyncLayer_keepsAtMostScaleItemsOutstanding() throws Exception {
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    try {
      AtomicInteger outstanding = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      long n = Layers.pipeline(
          Layer.source(java.util.stream.IntStream.range(0, 300).boxed().toList()),
          Layer.ofAsync((Integer x) -> {
            most.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            CompletableFuture<Integer> result = new CompletableFuture<>();
            later.schedule(() -> {
              outstanding.decrementAndGet();
              result.complete(x);
            }, 200, TimeUnit.MICROSECONDS);
            return result;
          }, 6),
          Layer.collect((Integer x) -> { }));
      assertThat(n).isEqualTo(300);
      assertThat(most.get()).isBetween(1, 6);
    } finally {
      later.shutdownNow();
    }
  }

  @Test
  void aFailedAsyncCall_failsThePipelineWithTheItem() {
    assertThatThrownBy(() -> Layers.pipeline(
        Layer.source(List.of(1, 2, 3)),
        Layer.ofAsync((Integer x) -> x == 2
            ? CompletableFuture.<Integer>failedFuture(new IllegalStateException("no " + x))
            : CompletableFuture.completedFuture(x), 2),
        Layer.collect((Integer x) -> { })))
        .isInstanceOf(PipelineException.class)
        .hasRootCauseMessage("no 2");
  }

  @Test
  void anAsyncLayerNeedsAScaleOfAtLeastOne() {
    assertThatThrownBy(() -> Layer.ofAsync((Integer x) -> CompletableFuture.completedFuture(x), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
  }
}
