package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ConcurrencyMeter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Seed 000: {@code transform} (ordered concurrent map), {@code unordered_transform},
 * {@code drain}, {@code batch}/{@code unbatch}, {@code buffer}, and the "put it all together"
 * example whose sum is 64.
 */
class Seed000TransformTest {
  private static final int N = 10_000;
  private static final int WORKERS = 10;

  private static List<Integer> inputs() {
    return IntStream.range(0, N).boxed().toList();
  }

  private static List<Double> expected() {
    return inputs().stream().map(v -> v + 3.8).toList();
  }

  /** Seed 000's {@code f1}: sleeps 0-10 ms, then adds 3.8. */
  private static double f1(int x) throws InterruptedException {
    Thread.sleep(ThreadLocalRandom.current().nextInt(11));
    return x + 3.8;
  }

  @Test
  void mapConcurrent_keepsInputOrder_whenDelaysAreRandom() {
    ConcurrencyMeter meter = new ConcurrencyMeter();
    List<Double> got =
        Pipeline.from(inputs())
            .mapConcurrent(
                WORKERS,
                x -> {
                  meter.enter();
                  try {
                    return f1(x);
                  } finally {
                    meter.exit();
                  }
                })
            .toList();
    assertThat(got).isEqualTo(expected());
    assertThat(meter.max()).isLessThanOrEqualTo(WORKERS).isGreaterThan(1);
    assertThat(meter.total()).isEqualTo(N);
  }

  @Test
  void mapAsync_keepsInputOrder_whenFuturesCompleteAfterRandomDelays() {
    ConcurrencyMeter pending = new ConcurrencyMeter();
    List<Double> got =
        Pipeline.from(inputs())
            .mapAsync(
                WORKERS,
                x -> {
                  pending.enter();
                  return CompletableFuture.supplyAsync(
                          () -> x + 3.8,
                          CompletableFuture.delayedExecutor(
                              ThreadLocalRandom.current().nextInt(11), TimeUnit.MILLISECONDS))
                      .whenComplete((v, e) -> pending.exit());
                })
            .toList();
    assertThat(got).isEqualTo(expected());
    assertThat(pending.max()).isLessThanOrEqualTo(WORKERS).isGreaterThan(1);
  }

  @Test
  void mapUnordered_keepsTheMultisetOfResults_whenDelaysAreRandom() {
    List<Integer> input = IntStream.range(0, 2_000).boxed().toList();
    List<Integer> got =
        Pipeline.from(input)
            .mapUnordered(
                WORKERS,
                x -> {
                  Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                  return x * 2;
                })
            .toList();
    assertThat(got).containsExactlyInAnyOrderElementsOf(input.stream().map(x -> x * 2).toList());
  }

  @Test
  void mapUnordered_letsAFastItemOvertakeASlowOne() {
    List<Integer> got =
        Pipeline.of(0, 1, 2, 3)
            .mapUnordered(
                4,
                x -> {
                  if (x == 0) {
                    Thread.sleep(300);
                  }
                  return x;
                })
            .toList();
    // Item 0 sleeps while the others finish: with four workers it cannot come first unless the
    // other three all took longer than 300 ms, which no sane machine does for an identity call.
    assertThat(got).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(got.getFirst()).isNotEqualTo(0);
  }

  @Test
  void drain_returnsTheNumberOfItems_andCallsTheSinkForEach() {
    AtomicLong sum = new AtomicLong();
    long n = Pipeline.range(0, 1000).drain(sum::addAndGet);
    assertThat(n).isEqualTo(1000);
    assertThat(sum.get()).isEqualTo(999L * 1000 / 2);
  }

  @Test
  void drainConcurrently_callsTheSinkForEveryItem_withBoundedConcurrency() {
    ConcurrencyMeter meter = new ConcurrencyMeter();
    List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    long n =
        Pipeline.range(0, 200)
            .drain(
                4,
                x -> {
                  meter.enter();
                  try {
                    Thread.sleep(1);
                    seen.add(x);
                  } finally {
                    meter.exit();
                  }
                });
    assertThat(n).isEqualTo(200);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(Pipeline.range(0, 200).toList());
    assertThat(meter.max()).isBetween(1, 4);
  }

  @Test
  void batch_groupsConsecutiveItems_andLeavesAShorterLastBatch() {
    assertThat(Pipeline.of(1, 5, 6, 3, 7, 9, 2, 4, 4, 5, 1).batch(3).toList())
        .containsExactly(
            List.of(1, 5, 6), List.of(3, 7, 9), List.of(2, 4, 4), List.of(5, 1));
  }

  @Test
  void batch_yieldsNoBatch_forAnEmptyStream() {
    assertThat(Pipeline.<Integer>of().batch(3).toList()).isEmpty();
  }

  @Test
  void unbatch_flattensBatches_andNeedNotFollowABatch() {
    assertThat(
            Pipeline.of(List.of(1, 2), List.<Integer>of(), List.of(3)).<Integer>unbatch().toList())
        .containsExactly(1, 2, 3);
    assertThat(Pipeline.range(0, 10).batch(4).<Long>unbatch().toList())
        .isEqualTo(Pipeline.range(0, 10).toList());
  }

  @Test
  void buffer_keepsOrder_andPassesEveryItem() {
    assertThat(Pipeline.range(0, 5000).buffer(10).toList())
        .isEqualTo(Pipeline.range(0, 5000).toList());
  }

  /** Seed 000's {@code diff_shoot}: range(max(batch) - min(batch)). */
  private static List<Integer> diffShoot(List<Integer> batch) {
    int n = Collections.max(batch) - Collections.min(batch);
    return IntStream.range(0, n).boxed().toList();
  }

  @Test
  void putItAllTogether_drainsSeventeenElements_whoseSumIs64() {
    List<Integer> x = List.of(1, 5, 6, 3, 7, 9, 2, 4, 4, 5, 1);
    AtomicLong sum = new AtomicLong();
    List<Integer> flat = Collections.synchronizedList(new ArrayList<>());
    long n =
        Pipeline.from(x)
            .batch(3)
            .mapConcurrent(3, Seed000TransformTest::diffShoot)
            .<Integer>unbatch()
            .peek(flat::add)
            .buffer(10)
            .mapUnordered(2, v -> v * 2)
            .drain(sum::addAndGet);
    assertThat(n).isEqualTo(17);
    assertThat(sum.get()).isEqualTo(64);
    // batch + ordered map + unbatch keep order: the ranges 5, 6, 2, 4 laid end to end.
    assertThat(flat).containsExactly(0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5, 0, 1, 0, 1, 2, 3);
  }

  @Test
  void putItAllTogether_givesTheSameSum_whenRunAgain() {
    Pipeline<Integer> doubled =
        Pipeline.of(1, 5, 6, 3, 7, 9, 2, 4, 4, 5, 1)
            .batch(3)
            .mapConcurrent(3, Seed000TransformTest::diffShoot)
            .<Integer>unbatch()
            .buffer(10)
            .mapUnordered(2, v -> v * 2);
    for (int run = 0; run < 3; run++) {
      assertThat(doubled.fold(0, Integer::sum)).isEqualTo(64);
      assertThat(doubled.count()).isEqualTo(17);
    }
  }
}
