package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FanInFanOutTest {
  private static final Duration HANG = Duration.ofSeconds(30);

  // ------------------------------------------------------------------ merge

  @Test
  void merge_passesEveryItem_keepingEachSourcesOrder() {
    List<Long> out =
        Pipeline.merge(
                Pipeline.range(0, 1000),
                Pipeline.range(1000, 2000).mapConcurrent(4, x -> x),
                Pipeline.<Long>of(),
                Pipeline.range(2000, 2500).buffer(3))
            .toList();
    assertThat(out).hasSize(2500).containsExactlyInAnyOrderElementsOf(Pipeline.range(0, 2500).toList());
    for (long[] bounds : new long[][] {{0, 1000}, {1000, 2000}, {2000, 2500}}) {
      List<Long> part = out.stream().filter(x -> x >= bounds[0] && x < bounds[1]).toList();
      assertThat(part).isSorted();
    }
  }

  @Test
  void merge_canRunManyTimes_andOfNothingIsEmpty() {
    Pipeline<Long> merged = Pipeline.merge(Pipeline.range(0, 10), Pipeline.range(10, 20));
    assertThat(merged.count()).isEqualTo(20);
    assertThat(merged.map(x -> x * 2).count()).isEqualTo(20);
    assertThat(Pipeline.<Integer>merge().toList()).isEmpty();
  }

  @Test
  void merge_sourcesRunOnTheMergedPipelinesThreads() {
    java.util.Set<Thread> made = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.ThreadFactory factory = task -> {
      Thread t = Thread.ofVirtual().name("merged-", 0).unstarted(task);
      made.add(t);
      return t;
    };
    java.util.Set<Thread> ranOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<Long> out =
        Pipeline.merge(
                Pipeline.range(0, 100).peek(x -> ranOn.add(Thread.currentThread())),
                Pipeline.range(100, 200).mapConcurrent(3, x -> {
                  ranOn.add(Thread.currentThread());
                  return x;
                }).withThreadFactory(Thread.ofVirtual().factory())) // the source's own: not used
            .withThreadFactory(factory)
            .toList();
    assertThat(out).hasSize(200);
    assertThat(ranOn).isNotEmpty().allSatisfy(t -> assertThat(made).contains(t));
  }

  @Test
  void merge_sourcesRunConcurrently() {
    // Each source waits for the other to have produced an item: only concurrent sources finish.
    CyclicBarrier both = new CyclicBarrier(2);
    Generator<String> a = barrierOnce(both, "a");
    Generator<String> b = barrierOnce(both, "b");
    assertThat(Pipeline.merge(Pipeline.generate(a), Pipeline.generate(b)).toList())
        .containsExactlyInAnyOrder("a", "b");
  }

  private static Generator<String> barrierOnce(CyclicBarrier barrier, String item) {
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.getAndSet(true)) {
        return null;
      }
      barrier.await(HANG.toSeconds(), TimeUnit.SECONDS);
      return item;
    };
  }

  @Test
  void merge_failureOfOneSource_failsTheRun_andCancelsTheOthers() {
    CountDownLatch closed = new CountDownLatch(1);
    Stream<Long> endless = Stream.iterate(0L, x -> x + 1).onClose(closed::countDown);
    Pipeline<Long> failing =
        Pipeline.range(0, 100)
            .map(
                x -> {
                  if (x == 50) {
                    throw new IllegalStateException("source broke");
                  }
                  return x;
                });
    assertThatThrownBy(() -> Pipeline.merge(Pipeline.from(endless), failing).drain(x -> {}))
        .isInstanceOf(PipelineException.class)
        .hasRootCauseMessage("source broke");
    // the endless source's run was cancelled and closed before the terminal returned
    assertThat(closed.getCount()).isZero();
  }

  @Test
  void merge_downstreamStopsEarly_cancelsEverySource() throws Exception {
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    AtomicLong produced = new AtomicLong();
    Pipeline<Long> a = Pipeline.from(endless(opened, closed, produced));
    Pipeline<Long> b = Pipeline.from(endless(opened, closed, produced));
    assertThat(Pipeline.merge(a, b.mapUnordered(2, x -> x)).limit(100).toList()).hasSize(100);
    // Every source that started was closed before the terminal returned, and none goes on.
    assertThat(opened.get()).isPositive();
    assertThat(closed.get()).isEqualTo(opened.get());
    long after = produced.get();
    Thread.sleep(20);
    assertThat(produced.get()).isEqualTo(after);
  }

  private static Stream<Long> endless(AtomicInteger opened, AtomicInteger closed, AtomicLong produced) {
    AtomicBoolean started = new AtomicBoolean();
    return Stream.iterate(0L, x -> x + 1)
        .peek(
            x -> {
              if (!started.getAndSet(true)) {
                opened.incrementAndGet();
              }
              produced.incrementAndGet();
            })
        .onClose(
            () -> {
              if (started.get()) {
                closed.incrementAndGet();
              }
            });
  }

  @Test
  void merge_cancelled_stopsEverySubRunBeforeItEnds() {
    AtomicLong produced = new AtomicLong();
    AtomicInteger closed = new AtomicInteger();
    Pipeline<Long> endless =
        Pipeline.from(
            Stream.iterate(0L, x -> x + 1).peek(x -> produced.incrementAndGet()).onClose(closed::incrementAndGet));
    Pipeline<Long> slow = Pipeline.generate(() -> { Thread.sleep(HANG); return 1L; });
    Run<Long> run = Pipeline.merge(endless, slow).start();
    while (produced.get() < 10) {
      Thread.onSpinWait();
    }
    run.cancel();
    assertThatThrownBy(run::await).isInstanceOf(CancellationException.class);
    assertThat(closed.get()).isEqualTo(1);
    long after = produced.get();
    assertThat(produced.get()).isEqualTo(after);
  }

  @Test
  void merge_nullSource_isRejectedNamingIt() {
    assertThatThrownBy(() -> Pipeline.merge(Pipeline.of(1), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sources[1]");
    assertThatThrownBy(() -> Pipeline.merge((Pipeline<Integer>[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sources");
  }

  // ------------------------------------------------------------------ broadcast

  @Test
  void broadcast_givesEveryItemToEverySink_inOrder() {
    List<Long> a = Collections.synchronizedList(new ArrayList<>());
    List<Long> b = Collections.synchronizedList(new ArrayList<>());
    List<Long> c = Collections.synchronizedList(new ArrayList<>());
    long n =
        Pipeline.range(0, 5000)
            .broadcast(
                a::add,
                x -> {
                  if (x % 500 == 0) {
                    Thread.sleep(1);
                  }
                  b.add(x);
                },
                c::add);
    assertThat(n).isEqualTo(5000);
    List<Long> expected = Pipeline.range(0, 5000).toList();
    assertThat(a).isEqualTo(expected);
    assertThat(b).isEqualTo(expected);
    assertThat(c).isEqualTo(expected);
  }

  @Test
  void broadcast_isPacedByTheSlowestSink() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong fastSeen = new AtomicLong();
    AtomicLong mostAhead = new AtomicLong();
    AtomicLong slowSeen = new AtomicLong();
    Thread runner =
        Thread.ofVirtual()
            .start(
                () ->
                    Pipeline.range(0, 1000)
                        .broadcast(
                            x -> {
                              release.await();
                              slowSeen.incrementAndGet();
                            },
                            x -> mostAhead.accumulateAndGet(fastSeen.incrementAndGet() - slowSeen.get(), Math::max)));
    // The slow sink holds one item and its hand-off 64: the fast one can get 65 ahead, no more.
    while (fastSeen.get() < 65) {
      Thread.sleep(1);
    }
    Thread.sleep(50);
    assertThat(fastSeen.get()).isEqualTo(65);
    release.countDown();
    runner.join(HANG.toMillis());
    assertThat(slowSeen.get()).isEqualTo(1000);
    assertThat(mostAhead.get()).isLessThanOrEqualTo(65);
  }

  @Test
  void broadcast_failingSink_failsTheRun_andInterruptsTheOthers() {
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch slowStarted = new CountDownLatch(1);
    assertThatThrownBy(
            () ->
                Pipeline.range(0, 10)
                    .broadcast(
                        x -> {
                          slowStarted.countDown();
                          try {
                            Thread.sleep(HANG);
                          } catch (InterruptedException e) {
                            interrupted.set(true);
                            throw e;
                          }
                        },
                        x -> {
                          slowStarted.await();
                          if (x == 3) {
                            throw new IllegalStateException("sink broke");
                          }
                        }))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("stage 'broadcast' failed on item #3")
        .hasRootCauseMessage("sink broke");
    assertThat(interrupted).isTrue();
  }

  @Test
  void broadcast_badArguments() {
    assertThatThrownBy(() -> Pipeline.of(1).broadcast())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sinks.length must be >= 1, was 0");
    assertThatThrownBy(() -> Pipeline.of(1).broadcast(x -> {}, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sinks[1]");
  }

  // ------------------------------------------------------------------ gather

  @Test
  void gather_appliesEveryFunction_resultsInFunctionOrder() {
    assertThat(Pipeline.of(1, 2, 3).gather(x -> x + 1, x -> x * 10).toList())
        .containsExactly(List.of(2, 10), List.of(3, 20), List.of(4, 30));
  }

  @Test
  void gather_callsRunConcurrently() {
    CyclicBarrier all = new CyclicBarrier(3);
    CheckedFunction<Integer, Integer> meet =
        x -> {
          all.await(HANG.toSeconds(), TimeUnit.SECONDS);
          return x;
        };
    assertThat(Pipeline.of(7, 8).gather(List.of(meet, meet, meet), List::size).toList())
        .containsExactly(3, 3);
  }

  /** Seed 001's tree: each level fans out three ways, gathers, and combines. */
  @Test
  void gather_seed001ComputationTree() {
    CheckedFunction<Double, Double> levelC = x -> x;
    CheckedFunction<Double, Double> levelB =
        x ->
            Pipeline.of(x)
                .gather(
                    List.<CheckedFunction<Double, Double>>of(
                        d -> levelC.apply(d / 2), d -> levelC.apply(d / 4), d -> levelC.apply(d / 7)),
                    FanInFanOutTest::sum)
                .toList()
                .getFirst();
    double result =
        Pipeline.of(2.5)
            .gather(
                List.<CheckedFunction<Double, Double>>of(
                    d -> levelB.apply(d), d -> levelB.apply(2 * d), d -> levelB.apply(3 * d)),
                FanInFanOutTest::sum)
            .toList()
            .getFirst();
    assertThat(result).isCloseTo(13.392857142857142, org.assertj.core.data.Offset.offset(1e-12));
  }

  private static double sum(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).sum();
  }

  @Test
  void gather_failingCall_failsTheRun_andInterruptsTheOthers() {
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch slowStarted = new CountDownLatch(1);
    assertThatThrownBy(
            () ->
                Pipeline.of("x")
                    .gather(
                        s -> {
                          slowStarted.countDown();
                          try {
                            Thread.sleep(HANG);
                          } catch (InterruptedException e) {
                            interrupted.set(true);
                            throw e;
                          }
                          return s;
                        },
                        s -> {
                          slowStarted.await();
                          throw new IllegalStateException("call broke");
                        })
                    .toList())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("stage 'gather' failed on item #0 (x)")
        .hasRootCauseMessage("call broke");
    assertThat(interrupted).isTrue();
  }

  @Test
  void gather_nullResult_failsTheRun() {
    assertThatThrownBy(() -> Pipeline.of(1).gather(x -> x, x -> null).toList())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("returned null");
    assertThatThrownBy(
            () -> Pipeline.of(1).gather(List.<CheckedFunction<Integer, Integer>>of(x -> x), l -> null).toList())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("returned null");
  }

  @Test
  void gather_badArguments() {
    assertThatThrownBy(() -> Pipeline.of(1).gather())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("functions.size() must be >= 1, was 0");
    assertThatThrownBy(() -> Pipeline.of(1).gather(x -> x, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("functions[1]");
    assertThatThrownBy(() -> Pipeline.of(1).gather(List.<CheckedFunction<Integer, Integer>>of(x -> x), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("combine");
  }
}
