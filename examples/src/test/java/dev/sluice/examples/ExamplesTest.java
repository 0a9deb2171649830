package dev.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ExamplesTest {

  @Test
  void putItAllTogether_processes17Elements_whoseSumIs64() {
    assertThat(PutItAllTogether.run()).containsExactly(17, 64);
  }

  @Test
  void computationTree_runsLevelsConcurrently_withinThePoolBound() throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
      ComputationTree tree = new ComputationTree(pool, 20);
      assertThat(tree.levelA(2.5)).isCloseTo(13.392857142857142, org.assertj.core.data.Offset.offset(1e-9));
      // Level-C steps overlap, and never more run than the pool holds (how many overlap
      // depends on the machine's load; nine when it is idle).
      assertThat(tree.mostRunning()).isBetween(2, 10);
    }
  }

  @Test
  void liveEvents_poolStaysAtMostItsSizeBehind() throws Exception {
    int worstLag = LiveEvents.run(12, 10, 5, false);
    assertThat(worstLag).isBetween(0, 5 + 1);
  }

  @Test
  void flakyService_endsWithEveryItemDoneOrRejected() {
    // 1000 ids; those divisible by 97 are rejected for good (10 of them).
    assertThat(FlakyService.run()).containsExactly(990, 10);
  }

  @Test
  void middleClassOnCluster_computesWhatMiddleClassDoes() {
    assertThat(MiddleClassOnCluster.run()).isEqualTo(10L * 40 * 41 / 2);
  }

  @Test
  void boundedTasks_andMiddleClass_run() {
    BoundedTasks.run();
    assertThat(MiddleClass.run()).isEqualTo(10L * 40 * 41 / 2);
  }
}
