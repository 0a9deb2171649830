package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Concurrent maps squeezed into windows barely larger than their concurrency, with calls of
 * mixed length: the inlet keeps finding a ring slot whose previous item a worker has claimed
 * but not yet read (unordered), the outlet keeps switching between waiting for one result and
 * for several, and executor tasks keep giving their thread back. Every run must still deliver
 * each item exactly once, in order where promised.
 */
@Timeout(60)
class SmallWindowTest {
  private static final int ITEMS = 3_000;
  private static final ExecutorService POOL = Executors.newFixedThreadPool(3);

  @AfterAll
  static void closePool() {
    POOL.shutdownNow();
  }

  @RepeatedTest(12)
  void blockingCalls(org.junit.jupiter.api.RepetitionInfo repetition) {
    SplittableRandom random = new SplittableRandom(repetition.getCurrentRepetition());
    int concurrency = 1 + random.nextInt(6);
    int window = concurrency + random.nextInt(concurrency + 2);
    CheckedFunction<Long, Long> call = mixed(random.split());
    check(Pipeline.range(0, ITEMS).concurrentMap("mapUnordered", false, concurrency, call, null, window), false);
    check(Pipeline.range(0, ITEMS).concurrentMap("mapConcurrent", true, concurrency, call, null, window), true);
  }

  @RepeatedTest(12)
  void executorCalls(org.junit.jupiter.api.RepetitionInfo repetition) {
    SplittableRandom random = new SplittableRandom(100 + repetition.getCurrentRepetition());
    int concurrency = 1 + random.nextInt(3);
    int window = concurrency + random.nextInt(concurrency + 2);
    CheckedFunction<Long, Long> call = mixed(random.split());
    check(Pipeline.range(0, ITEMS).concurrentMap("mapCpu", false, concurrency, call, POOL, window), false);
    check(Pipeline.range(0, ITEMS).concurrentMap("mapCpu", true, concurrency, call, POOL, window), true);
  }

  /** Mostly instant calls, some spinning a few microseconds, a few sleeping up to 1 ms. */
  private static CheckedFunction<Long, Long> mixed(SplittableRandom seed) {
    long[] delays = new long[ITEMS];
    for (int i = 0; i < ITEMS; i++) {
      int kind = seed.nextInt(100);
      delays[i] = kind < 80 ? 0 : kind < 97 ? -(1 + seed.nextInt(20_000)) : 1 + seed.nextInt(1_000_000);
    }
    return x -> {
      long delay = delays[(int) (long) x];
      if (delay < 0) {
        long until = System.nanoTime() - delay;
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      } else if (delay > 0) {
        LockSupport.parkNanos(delay);
      }
      return x;
    };
  }

  private static void check(Pipeline<Long> pipeline, boolean ordered) {
    List<Long> out = pipeline.toList();
    List<Long> expected = LongStream.range(0, ITEMS).boxed().toList();
    if (ordered) {
      assertThat(out).containsExactlyElementsOf(expected);
    } else {
      assertThat(out).containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}
