package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Quick calls make workers claim items in chunks; a slow call inside a chunk must not hold the
 * items claimed after it while other workers are idle. Here the slow items can only finish
 * together, when all four calls run at once: a chunk that kept them would never let them.
 */
@Timeout(40)
class WorkStealingTest {

  @RepeatedTest(10)
  void slowItemsAfterQuickOnes_stillRunAtFullConcurrency_ordered() {
    assertThat(run(true)).containsExactlyElementsOf(LongStream.range(0, 2_008).boxed().toList());
  }

  @RepeatedTest(10)
  void slowItemsAfterQuickOnes_stillRunAtFullConcurrency_unordered() {
    assertThat(run(false)).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 2_008).boxed().toList());
  }

  private static List<Long> run(boolean ordered) {
    CyclicBarrier allFour = new CyclicBarrier(4);
    CheckedFunction<Long, Long> call =
        x -> {
          if (x >= 2_000) {
            allFour.await(30, TimeUnit.SECONDS); // two rounds of four slow calls
          } else {
            // A few microseconds each: slower than the source, so items queue up and workers
            // claim them in chunks.
            long until = System.nanoTime() + 3_000;
            while (System.nanoTime() < until) {
              Thread.onSpinWait();
            }
          }
          return x;
        };
    Pipeline<Long> source = Pipeline.range(0, 2_008);
    return (ordered ? source.mapConcurrent(4, call) : source.mapUnordered(4, call)).toList();
  }
}
