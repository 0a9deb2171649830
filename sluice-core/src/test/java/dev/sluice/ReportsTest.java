package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ReportsTest {

  private static StageMetrics stage(
      String name, long inFlight, long queued, long workers, long capacity, long busyNanos) {
    return new StageMetrics(name, 0, 0, inFlight, 0, 0, 0, queued, busyNanos, 0, 0, workers, capacity);
  }

  /**
   * A pipeline whose middle stage is deliberately slow (its calls block until released): once
   * its workers are all busy and its window is full, the report names it.
   */
  @Test
  void slowMiddleStage_isNamedTheBottleneck() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Run<Long> run =
        Pipeline.range(0, 5000)
            .mapConcurrent(2, x -> x + 1)
            .named("parse")
            .mapConcurrent(
                4,
                x -> {
                  release.await();
                  return x;
                })
            .named("enrich")
            .map(x -> x * 2)
            .start(x -> {});
    // Wait for the steady state of a stall: enrich's 4 workers in calls, its window full.
    List<StageMetrics> metrics = run.metrics();
    while (metrics.get(2).inFlight() < 4 || metrics.get(2).queued() < 256) {
      Thread.sleep(1);
      metrics = run.metrics();
    }
    String report = Reports.bottleneck(metrics);
    assertThat(Reports.bottleneckStage(metrics)).as(report).contains("enrich");
    assertThat(run.report()).contains("bottleneck: enrich");
    assertThat(report)
        .contains("bottleneck: enrich (4 of 4 workers busy, 252 items waiting for it, nothing waiting after it)");
    List<String> lines = report.lines().toList();
    assertThat(lines).hasSize(7); // the header, five stages, the verdict
    assertThat(lines.getFirst())
        .matches("stage +in +out +in flight +queued +p50 +p99 +busy");
    assertThat(lines.get(3)).startsWith("enrich").contains(" 4/4 ").contains(" 256 ");
    assertThat(lines.get(1)).startsWith("range");
    release.countDown();
    assertThat(run.await()).isEqualTo(5000);
  }

  @Test
  void slowRateLimit_isNamedTheBottleneck() throws Exception {
    ManualTicker ticker = new ManualTicker();
    RateLimiter limiter = RateLimiter.of(1, Duration.ofHours(1)).withTicker(ticker);
    Run<Long> run =
        Pipeline.range(0, 1000)
            .buffer(16)
            .rateLimit(limiter)
            .mapConcurrent(2, x -> x)
            .start();
    // The steady state: the buffer full, the limiter waiting, the first item through.
    List<StageMetrics> metrics = run.metrics();
    while (metrics.get(1).queued() < 16
        || metrics.get(2).inFlight() < 1
        || metrics.get(3).out() < 1
        || metrics.get(3).queued() > 0) {
      Thread.sleep(1);
      metrics = run.metrics();
    }
    assertThat(Reports.bottleneckStage(metrics)).as(Reports.bottleneck(metrics)).contains("rateLimit");
    run.cancel();
  }

  @Test
  void definition_busyWorkers_fullInput_emptyOutput() {
    List<StageMetrics> stall =
        List.of(
            stage("source", 0, 0, 0, 0, 0),
            stage("a", 0, 256, 2, 256, 10),
            stage("b", 8, 256, 8, 256, 1_000),
            stage("c", 0, 0, 4, 256, 5),
            stage("sink", 0, 0, 0, 0, 0));
    assertThat(Reports.bottleneckStage(stall)).contains("b");

    // Not all workers busy: no bottleneck now; the busiest per worker is named instead.
    List<StageMetrics> idle =
        List.of(stage("a", 1, 256, 2, 256, 10), stage("b", 7, 256, 8, 256, 1_000), stage("c", 0, 0, 4, 256, 5));
    assertThat(Reports.bottleneckStage(idle)).isEmpty();
    assertThat(Reports.busiest(idle)).contains("b");
    assertThat(Reports.bottleneck(idle)).endsWith("bottleneck: none right now (no stage has busy workers, a full input and an empty output); busiest so far: b");

    // Input less than half full: not a bottleneck.
    assertThat(Reports.bottleneckStage(List.of(stage("b", 8, 100, 8, 256, 1)))).isEmpty();
    // Output not empty (the next stage has more waiting than workers): not a bottleneck.
    assertThat(
            Reports.bottleneckStage(
                List.of(stage("b", 8, 256, 8, 256, 1), stage("c", 1, 200, 4, 256, 1))))
        .isEmpty();
  }

  @Test
  void finishedRun_hasNoBottleneck() {
    Run<Long> run = Pipeline.range(0, 100).mapConcurrent(4, x -> x).start();
    run.await();
    assertThat(run.report()).contains("bottleneck: none right now");
    assertThat(Reports.bottleneck(List.of())).startsWith("stage");
  }
}
