package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.testing.ConcurrencyMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 001: a three-level computation tree. Level A fans out to three calls of level B, each
 * of which fans out to three calls of level C; each level gathers its children's results and
 * then runs CPU work (1, 2 and 3 units for C, B and A) on a shared pool. The fan-out is done
 * with nested pipelines inside the functions, and all the CPU work runs on one executor through
 * {@code mapCpu(n, executor, f)}. Total time is the sum of the levels, not their product.
 */
class Seed001ComputationTreeTest {
  /** A time unit of CPU work: seed 001 uses one second; 50 ms keeps the test quick. */
  private static final long UNIT_MS = 50;

  /** One CPU call as it happened. */
  record Call(String level, String path, long startNanos, long endNanos, String thread) {
    /** The path of the parent call: "a/b1/c2" has parent "a/b1". */
    String parent() {
      return path.substring(0, Math.max(0, path.lastIndexOf('/')));
    }
  }

  private ExecutorService pool;
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final ConcurrencyMeter cpu = new ConcurrencyMeter();
  private final Set<Thread> poolThreadsSeen = ConcurrentHashMap.newKeySet();
  private final AtomicLong poolThreadCount = new AtomicLong();
  private volatile long unitMs = UNIT_MS;

  private ExecutorService newPool(int size) {
    return Executors.newFixedThreadPool(
        size,
        task -> {
          poolThreadCount.incrementAndGet();
          Thread thread = new Thread(task, "tree-pool-" + poolThreadCount.get());
          thread.setDaemon(true);
          return thread;
        });
  }

  @AfterEach
  void shutDownPool() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** Seed 001's {@code cpu_bound_op}: takes {@code units} of time and sums its inputs. */
  private double cpuBoundOp(String level, String path, int units, List<Double> data)
      throws InterruptedException {
    long start = System.nanoTime();
    poolThreadsSeen.add(Thread.currentThread());
    cpu.enter();
    try {
      Thread.sleep(units * unitMs);
    } finally {
      cpu.exit();
    }
    double sum = data.stream().mapToDouble(Double::doubleValue).sum();
    calls.add(
        new Call(level, path, start, System.nanoTime(), Thread.currentThread().getName()));
    return sum;
  }

  private double levelC(String path, double data) {
    // The final level queues its CPU work at once.
    return Pipeline.of(List.of(data))
        .mapCpu(1, pool, d -> cpuBoundOp("C", path, 1, d))
        .toList()
        .getFirst();
  }

  private double levelB(String path, double data) {
    List<Double> results =
        Pipeline.of(1, 2, 3)
            .mapConcurrent(3, i -> levelC(path + "/c" + i, data / new int[] {2, 4, 7}[i - 1]))
            .toList();
    return Pipeline.of(results)
        .mapCpu(1, pool, r -> cpuBoundOp("B", path, 2, r))
        .toList()
        .getFirst();
  }

  private double levelA(String path, double data) {
    List<Double> results =
        Pipeline.of(1, 2, 3).mapConcurrent(3, i -> levelB(path + "/b" + i, i * data)).toList();
    return Pipeline.of(results)
        .mapCpu(1, pool, r -> cpuBoundOp("A", path, 3, r))
        .toList()
        .getFirst();
  }

  private double processPipeline(double data) {
    String root = "a" + data;
    return Pipeline.of(data).mapConcurrent(1, d -> levelA(root, d)).toList().getFirst();
  }

  @Test
  void threeLevelTree_takesTheSumOfTheLevelTimes_notTheirProduct() {
    pool = newPool(10);
    unitMs = 0;
    processPipeline(2.5); // warm up class loading and JIT outside the measured run
    calls.clear();
    unitMs = UNIT_MS;

    long start = System.nanoTime();
    double result = processPipeline(2.5);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(result).isCloseTo(13.392857142857142, within(1e-9));
    assertThat(calls).hasSize(13);
    assertThat(calls.stream().filter(c -> c.level().equals("C"))).hasSize(9);
    assertThat(calls.stream().filter(c -> c.level().equals("B"))).hasSize(3);
    assertThat(calls.stream().filter(c -> c.level().equals("A"))).hasSize(1);
    // Sum of the levels: 1 + 2 + 3 = 6 units. Done one call at a time it would take
    // 9 * 1 + 3 * 2 + 1 * 3 = 18 units; the bound below is 3 times the sum, which is that.
    Duration sumOfLevels = Duration.ofMillis(6 * UNIT_MS);
    assertThat(elapsed).isGreaterThanOrEqualTo(sumOfLevels);
    assertThat(elapsed).isLessThan(sumOfLevels.multipliedBy(3));
  }

  @Test
  void threeLevelTree_finishesEveryChildBeforeItsParentStarts() {
    pool = newPool(10);
    double result = processPipeline(2.5);
    assertThat(result).isCloseTo(13.392857142857142, within(1e-9));

    List<Call> c = calls.stream().filter(x -> x.level().equals("C")).toList();
    List<Call> b = calls.stream().filter(x -> x.level().equals("B")).toList();
    Call a = calls.stream().filter(x -> x.level().equals("A")).findFirst().orElseThrow();
    assertThat(c).hasSize(9);
    assertThat(b).hasSize(3);
    for (Call parent : b) {
      List<Call> children = c.stream().filter(x -> x.parent().equals(parent.path())).toList();
      assertThat(children).as("children of %s", parent.path()).hasSize(3);
      for (Call child : children) {
        assertThat(child.endNanos()).isLessThanOrEqualTo(parent.startNanos());
      }
      assertThat(parent.parent()).isEqualTo(a.path());
      assertThat(parent.endNanos()).isLessThanOrEqualTo(a.startNanos());
    }
    // With 10 pool threads and 9 independent C calls, the C calls overlap.
    assertThat(cpu.max()).isGreaterThan(1).isLessThanOrEqualTo(10);
    assertThat(poolThreadsSeen).allMatch(t -> t.getName().startsWith("tree-pool-"));
  }

  @Test
  void threeLevelTree_neverRunsMoreCpuCallsThanThePool_whenThePoolIsSmallerThanTheFanOut() {
    pool = newPool(4);
    unitMs = 5;
    double result = processPipeline(2.5);
    assertThat(result).isCloseTo(13.392857142857142, within(1e-9));
    assertThat(calls).hasSize(13);
    assertThat(cpu.max()).isBetween(1, 4);
    assertThat(poolThreadCount.get()).isLessThanOrEqualTo(4);
  }

  @Test
  void threeLevelTree_runsManyTreesAtOnce_withinThePoolBound() {
    pool = newPool(10);
    unitMs = 2;
    List<Double> results =
        Pipeline.range(1, 21).map(Long::doubleValue).mapConcurrent(8, this::processPipeline).toList();
    assertThat(results).hasSize(20);
    for (int i = 0; i < 20; i++) {
      // The tree is linear in its input: result(x) = x * 13.392857142857142 / 2.5.
      assertThat(results.get(i)).isCloseTo((i + 1) * 13.392857142857142 / 2.5, within(1e-9));
    }
    assertThat(calls).hasSize(20 * 13);
    assertThat(cpu.max()).isBetween(1, 10);
    assertThat(poolThreadCount.get()).isLessThanOrEqualTo(10);
  }
}
