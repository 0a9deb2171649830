package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Runs every workload's code on every framework with tiny sizes. Each run checks its own
 * results (count, sum and, where promised, order; see {@link Tally#verify}), so a broken peer
 * implementation fails here rather than producing a fast, wrong number. No timing is asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkloadsOnEveryFrameworkTest {
  static final java.util.List<String> FRAMEWORKS = Contenders.ALL;

  private final Map<String, Contender> contenders = new HashMap<>();

  private Contender contender(String name) {
    return contenders.computeIfAbsent(name, Contenders::create);
  }

  @AfterAll
  void closeContenders() {
    Contenders.closeAll(java.util.List.copyOf(contenders.values()));
  }

  @ParameterizedTest
  @FieldSource("FRAMEWORKS")
  void overheadOrderedDeliversEveryItemInOrder(String framework) {
    new OverheadWorkload(true).runOnce(contender(framework), 3_000);
  }

  @ParameterizedTest
  @FieldSource("FRAMEWORKS")
  void overheadUnorderedDeliversEveryItem(String framework) {
    new OverheadWorkload(false).runOnce(contender(framework), 3_000);
  }

  @ParameterizedTest
  @FieldSource("FRAMEWORKS")
  void latencyDeliversEveryItemInOrder(String framework) {
    new LatencyWorkload(Duration.ofMillis(1)).runOnce(contender(framework), 300, 50);
  }

  @ParameterizedTest
  @FieldSource("FRAMEWORKS")
  void pipelineDeliversEveryItemIncludingAPartialLastBatch(String framework) {
    PipelineWorkload.runOnce(contender(framework), 1_234);
  }

  @ParameterizedTest
  @FieldSource("FRAMEWORKS")
  void cpuDeliversEveryItemInOrderOnOneThreadAndOnAll(String framework) {
    CpuWork work = CpuWork.ofSteps(200);
    CpuWorkload.runOnce(contender(framework), 200, 1, work);
    CpuWorkload.runOnce(contender(framework), 200, Runtime.getRuntime().availableProcessors(), work);
  }

  @ParameterizedTest
  @FieldSource("FRAMEWORKS")
  void memoryRunDeliversEveryPayloadInOrderAndMeasuresTheHeap(String framework) {
    MemoryRun.Figures figures = MemoryRun.run(contender(framework), 2_000, Duration.ofMillis(20));

    assertThat(figures.items()).isEqualTo(2_000);
    assertThat(figures.peakUsed()).isPositive();
    assertThat(MemoryRun.Figures.parse(figures.line(framework))).isEqualTo(figures);
  }
}
