package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** {@link Run#metrics()}: per-stage counters, in pipeline order, the source first. */
class MetricsTest {

  @Test
  void metrics_countItemsInAndOutOfEveryStage_afterARun() {
    Run<Long> run =
        Pipeline.range(0, 100)
            .map(x -> x + 1)
            .filter(x -> x % 2 == 0)
            .mapConcurrent(4, x -> x * 10)
            .named("times ten")
            .buffer(8)
            .flatMap(x -> List.of(x, x))
            .batch(7)
            .mapUnordered(3, List::size)
            .start(x -> {});
    assertThat(run.await()).isEqualTo(15); // 100 items, 50 kept, doubled, in batches of 7
    List<StageMetrics> m = run.metrics();
    assertThat(m.stream().map(StageMetrics::name))
        .containsExactly(
            "range", "map", "filter", "times ten", "buffer", "flatMap", "batch", "mapUnordered",
            "drain");
    assertThat(m.get(0).out()).isEqualTo(100);
    assertThat(m.get(1)).extracting(StageMetrics::in, StageMetrics::out).containsExactly(100L, 100L);
    assertThat(m.get(2)).extracting(StageMetrics::in, StageMetrics::out).containsExactly(100L, 50L);
    assertThat(m.get(3)).extracting(StageMetrics::in, StageMetrics::out).containsExactly(50L, 50L);
    assertThat(m.get(4)).extracting(StageMetrics::in, StageMetrics::out).containsExactly(50L, 50L);
    assertThat(m.get(5)).extracting(StageMetrics::in, StageMetrics::out).containsExactly(50L, 100L);
    assertThat(m.get(6)).extracting(StageMetrics::in, StageMetrics::out).containsExactly(100L, 15L);
    assertThat(m.get(7)).extracting(StageMetrics::in, StageMetrics::out).containsExactly(15L, 15L);
    assertThat(m.get(8)).extracting(StageMetrics::in, StageMetrics::out).containsExactly(15L, 15L);
    assertThat(m).allMatch(s -> s.inFlight() == 0 && s.failed() == 0);
  }

  @Test
  void metrics_giveRepeatedOperatorsNumberedNames() {
    Run<Long> run = Pipeline.of(1, 2).map(x -> x).map(x -> x).buffer(1).buffer(1).start();
    run.await();
    assertThat(run.metrics().stream().map(StageMetrics::name))
        .containsExactly("from", "map#1", "map#2", "buffer#1", "buffer#2", "count");
  }

  @Test
  void metrics_countFailedItems() {
    Run<Long> run =
        Pipeline.range(0, 10)
            .map(
                x -> {
                  if (x == 3) {
                    throw new IllegalStateException("bad");
                  }
                  return x;
                })
            .start();
    org.assertj.core.api.Assertions.assertThatThrownBy(run::await)
        .isInstanceOf(PipelineException.class);
    StageMetrics map = run.metrics().get(1);
    assertThat(map.in()).isEqualTo(4);
    assertThat(map.out()).isEqualTo(3);
    assertThat(map.failed()).isEqualTo(1);
  }

  @Test
  void metrics_showCallsInFlight_whileTheRunGoesOn() {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(3);
    Run<Long> run =
        Pipeline.range(0, 3)
            .mapUnordered(
                3,
                x -> {
                  started.countDown();
                  release.await();
                  return x;
                })
            .start();
    try {
      Await.latch(started, "three calls");
      Await.until("inFlight = 3", () -> run.metrics().get(1).inFlight() == 3, run::metrics);
      assertThat(run.metrics().get(1).in()).isEqualTo(3);
      assertThat(run.metrics().get(1).out()).isZero();
    } finally {
      release.countDown();
    }
    assertThat(run.await()).isEqualTo(3);
    assertThat(run.metrics().get(1).inFlight()).isZero();
    assertThat(run.metrics().get(1).out()).isEqualTo(3);
  }

  @Test
  void metrics_ofATimedBatch_countItemsInAndBatchesOut() {
    Run<Long> run = Pipeline.range(0, 10).batch(4, java.time.Duration.ofMinutes(1)).start();
    assertThat(run.await()).isEqualTo(3);
    StageMetrics batch = run.metrics().get(1);
    assertThat(batch.in()).isEqualTo(10);
    assertThat(batch.out()).isEqualTo(3);
  }
}
