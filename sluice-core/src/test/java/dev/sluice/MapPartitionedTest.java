package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.RepetitionInfo;

class MapPartitionedTest {
  private static final Duration HANG = Duration.ofSeconds(30);

  /** An item: its key and its place among the items of that key. */
  private record Keyed(int key, int seq) {}

  private static List<Keyed> items(Random random, int count, int keys, double hotShare) {
    int[] next = new int[keys];
    List<Keyed> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int key = random.nextDouble() < hotShare ? 0 : random.nextInt(keys);
      items.add(new Keyed(key, next[key]++));
    }
    return items;
  }

  private static void assertPerKeyOrder(List<Keyed> output, int expectedCount) {
    assertThat(output).hasSize(expectedCount);
    Map<Integer, Integer> last = new HashMap<>();
    for (Keyed item : output) {
      int previous = last.getOrDefault(item.key(), -1);
      assertThat(item.seq()).as("key %d out of order", item.key()).isEqualTo(previous + 1);
      last.put(item.key(), item.seq());
    }
  }

  @RepeatedTest(6)
  void randomKeysAndDelays_perKeyOrderHolds_keysOverlap_memoryBounded(RepetitionInfo repetition)
      throws Exception {
    long seed = 1000 + repetition.getCurrentRepetition();
    Random random = new Random(seed);
    int keys = 1 + random.nextInt(24);
    int concurrency = 1 + random.nextInt(8);
    int capacity = 1 + random.nextInt(32);
    List<Keyed> input = items(random, 1500, keys, random.nextDouble() * 0.8);
    long[] delays = random.longs(input.size(), 0, 200_000).toArray();

    Map<Integer, AtomicBoolean> running = new ConcurrentHashMap<>();
    Map<Integer, AtomicInteger> started = new ConcurrentHashMap<>();
    AtomicInteger inCalls = new AtomicInteger();
    AtomicInteger mostInCalls = new AtomicInteger();
    AtomicLong entered = new AtomicLong();
    AtomicLong left = new AtomicLong();
    AtomicLong mostHeld = new AtomicLong();
    AtomicInteger index = new AtomicInteger();

    List<Keyed> output =
        Pipeline.from(input)
            .peek(item -> entered.incrementAndGet())
            .<Keyed>mapPartitioned(
                concurrency,
                capacity,
                Keyed::key,
                item -> {
                  AtomicBoolean busy = running.computeIfAbsent(item.key(), k -> new AtomicBoolean());
                  assertThat(busy.compareAndSet(false, true))
                      .as("two calls at once for key %d", item.key())
                      .isTrue();
                  int order = started.computeIfAbsent(item.key(), k -> new AtomicInteger()).getAndIncrement();
                  assertThat(order).as("key %d started out of order", item.key()).isEqualTo(item.seq());
                  mostInCalls.accumulateAndGet(inCalls.incrementAndGet(), Math::max);
                  try {
                    long delay = delays[index.getAndIncrement() % delays.length];
                    if (delay > 100_000) {
                      Thread.sleep(Duration.ofNanos(delay));
                    }
                  } finally {
                    inCalls.decrementAndGet();
                    busy.set(false);
                  }
                  return item;
                })
            .peek(
                item -> {
                  // entered counts an item before it is pushed in (it may then wait for room);
                  // left counts it after the stage passed it on.
                  mostHeld.accumulateAndGet(entered.get() - left.get(), Math::max);
                  left.incrementAndGet();
                })
            .toList();

    assertPerKeyOrder(output, input.size());
    assertThat(mostInCalls.get()).isLessThanOrEqualTo(Math.min(concurrency, keys));
    if (concurrency > 1 && keys > 1) {
      assertThat(mostInCalls.get()).as("keys overlap in time").isGreaterThan(1);
    }
    // the stage's capacity, the item being pushed in, and the one being passed on
    assertThat(mostHeld.get()).isLessThanOrEqualTo(capacity + 2);
  }

  @Test
  void differentKeys_runConcurrently() {
    // Each call waits for the other key's call to start: only concurrent calls can finish.
    CountDownLatch both = new CountDownLatch(2);
    List<String> out =
        Pipeline.of("a", "b")
            .mapPartitioned(
                2,
                s -> s,
                s -> {
                  both.countDown();
                  if (!both.await(HANG.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError("keys did not run at once");
                  }
                  return s.toUpperCase();
                })
            .toList();
    assertThat(out).containsExactlyInAnyOrder("A", "B");
  }

  @Test
  void sameKey_neverConcurrent_evenWithIdleWorkers() {
    AtomicInteger inCalls = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> out =
        Pipeline.range(0, 200)
            .mapPartitioned(
                8,
                x -> "one",
                x -> {
                  most.accumulateAndGet(inCalls.incrementAndGet(), Math::max);
                  Thread.yield();
                  inCalls.decrementAndGet();
                  return x.intValue();
                })
            .toList();
    assertThat(most.get()).isEqualTo(1);
    assertThat(out).isSorted().hasSize(200);
  }

  /**
   * Pekko's mapAsyncPartitioned deadlocked (issue 2886) when the downstream stalled while a hot
   * key filled the buffer and then resumed. Here the sink blocks until the stage is full and
   * the inlet blocked, then resumes; the run must finish with every item, in per-key order.
   */
  @Test
  void hotKey_downstreamStallsThenResumes_noDeadlock() throws Exception {
    Random random = new Random(2886);
    List<Keyed> input = items(random, 600, 10, 0.9);
    int capacity = 16;
    CountDownLatch resume = new CountDownLatch(1);
    List<Keyed> output = new ArrayList<>();
    Run<Long> run =
        Pipeline.from(input)
            .<Keyed>mapPartitioned(4, capacity, Keyed::key, item -> item)
            .start(
                item -> {
                  resume.await();
                  output.add(item);
                });
    // Wait until the stage holds its capacity: results it cannot pass on, a full hot key queue.
    StageMetrics stage = run.metrics().get(1);
    while (stage.queued() < capacity) {
      assertThat(run.isDone()).isFalse();
      Thread.sleep(1);
      stage = run.metrics().get(1);
    }
    assertThat(stage.queued()).isEqualTo(capacity);
    assertThat(run.metrics().getFirst().out()).isLessThanOrEqualTo(capacity + 2);
    resume.countDown();
    assertThat(run.await(HANG)).as("the run finished after the downstream resumed").isTrue();
    assertThat(run.await()).isEqualTo(input.size());
    assertPerKeyOrder(output, input.size());
  }

  @Test
  void hotKey_stallsRepeatedly_stillFinishes() {
    Random random = new Random(7);
    List<Keyed> input = items(random, 2000, 50, 0.95);
    AtomicInteger seen = new AtomicInteger();
    List<Keyed> output =
        Pipeline.from(input)
            .<Keyed>mapPartitioned(3, 8, Keyed::key, item -> item)
            .peek(
                item -> {
                  if (seen.incrementAndGet() % 97 == 0) {
                    Thread.sleep(2); // a downstream that stalls now and then
                  }
                })
            .toList();
    assertPerKeyOrder(output, input.size());
  }

  @Test
  void failure_failsTheRunNamingStageAndItem_andInterruptsOtherCalls() {
    CountDownLatch otherStarted = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    assertThatThrownBy(
            () ->
                Pipeline.of(0, 1, 2)
                    .mapPartitioned(
                        3,
                        x -> x,
                        x -> {
                          if (x == 0) {
                            try {
                              otherStarted.countDown();
                              Thread.sleep(HANG);
                            } catch (InterruptedException e) {
                              interrupted.set(true);
                              throw e;
                            }
                          }
                          if (x == 2) {
                            otherStarted.await();
                            throw new IllegalStateException("bad item");
                          }
                          return x;
                        })
                    .toList())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("stage 'mapPartitioned' failed on item #2")
        .hasRootCauseMessage("bad item");
    assertThat(interrupted).isTrue();
  }

  @Test
  void nullKey_failsTheRun() {
    assertThatThrownBy(() -> Pipeline.of("a").mapPartitioned(2, s -> null, s -> s).toList())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("the key function returned null");
  }

  @Test
  void emptyInput_completes() {
    assertThat(Pipeline.<Integer>of().mapPartitioned(4, x -> x, x -> x).toList()).isEmpty();
  }

  @Test
  void limitDownstream_stopsTheStage() {
    assertThat(
            Pipeline.range(0, 1_000_000)
                .mapPartitioned(4, x -> x % 3, x -> x)
                .limit(10)
                .toList())
        .hasSize(10);
  }

  @Test
  void badArguments_nameTheParameterAndTheRule() {
    Pipeline<Integer> p = Pipeline.of(1);
    assertThatThrownBy(() -> p.mapPartitioned(0, x -> x, x -> x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("concurrency must be >= 1, was 0");
    assertThatThrownBy(() -> p.mapPartitioned(1, null, x -> x))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThatThrownBy(() -> p.mapPartitioned(1, x -> x, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("function");
  }
}
