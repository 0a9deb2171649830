package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.Await;
import dev.sluice.testing.PlatformThreads;
import dev.sluice.testing.TrackingThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "A run owns every thread it starts: when the terminal operation returns or throws, none is
 * left running and the source has been closed." Every thread goes through the pipeline's
 * thread factory, and none outlives the run.
 */
class ThreadOwnershipTest {

  static List<Function<Pipeline<Long>, Pipeline<?>>> shapes() {
    return List.of(
        p -> p.map(x -> x + 1),
        p -> p.buffer(4),
        p -> p.mapConcurrent(5, x -> x),
        p -> p.mapUnordered(5, x -> x),
        p -> p.mapAsync(3, x -> CompletableFuture.completedFuture(x)),
        p -> p.batch(3, Duration.ofMillis(5)).<Long>unbatch(),
        p -> p.buffer(2).mapConcurrent(2, x -> x).buffer(2).mapUnordered(3, x -> x));
  }

  @ParameterizedTest(name = "shape {index}")
  @MethodSource("shapes")
  void everyThreadOfARun_comesFromItsFactory_andEnds(Function<Pipeline<Long>, Pipeline<?>> shape)
      throws Exception {
    for (TrackingThreadFactory threads :
        List.of(TrackingThreadFactory.virtual(), TrackingThreadFactory.platform())) {
      PlatformThreads before = PlatformThreads.snapshot();
      List<?> out = shape.apply(Pipeline.range(0, 500)).withThreadFactory(threads).toList();
      assertThat(out).hasSize(500);
      assertThat(threads.created()).isPositive();
      assertThat(threads.awaitTermination(Await.LONG)).isEmpty();
      assertThat(before.awaitNoLeak(Await.LONG)).isEmpty();
    }
  }

  @Test
  void virtualThreadRuns_startNoPlatformThread() {
    PlatformThreads before = PlatformThreads.snapshot();
    for (int i = 0; i < 20; i++) {
      Pipeline.range(0, 100).buffer(4).mapConcurrent(8, x -> x).mapUnordered(8, x -> x).count();
    }
    assertThat(before.awaitNoLeak(Await.LONG)).isEmpty();
  }

  @Test
  void terminalReturns_onlyAfterEveryThreadOfTheRunHasEnded() {
    // A thread factory may run code around the task, for context propagation or clean-up
    // (withThreadFactory's Javadoc names the first). Such a thread is still running after the
    // task has returned; the run must not be reported as over before its threads are.
    AtomicInteger made = new AtomicInteger();
    List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    ThreadFactory cleaningUp =
        task -> {
          made.incrementAndGet();
          Thread t =
              Thread.ofVirtual()
                  .unstarted(
                      () -> {
                        try {
                          task.run();
                        } finally {
                          // restore context, flush a log, ...: takes a moment
                          Await.pause(Duration.ofMillis(200));
                        }
                      });
          threads.add(t);
          return t;
        };
    List<Long> out =
        Pipeline.range(0, 10).mapConcurrent(2, x -> x).withThreadFactory(cleaningUp).toList();
    List<String> alive = threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    assertThat(out).hasSize(10);
    assertThat(made.get()).isPositive();
    assertThat(alive).as("threads of the run still alive when toList() returned").isEmpty();
  }

  @Test
  void terminalReturns_withNoThreadOfTheRunAlive_withAPlainFactory() {
    // The same without any code around the task: the window is a few instructions wide (the
    // last thread counts the run down, then returns), and on this 2-core machine about half
    // the runs show it. Repeated so that a regression is caught with near certainty.
    int runsWithAThreadAlive = 0;
    for (int i = 0; i < 100; i++) {
      TrackingThreadFactory threads = TrackingThreadFactory.virtual();
      Pipeline.range(0, 20).buffer(2).mapConcurrent(3, x -> x).withThreadFactory(threads).toList();
      if (!threads.alive().isEmpty()) {
        runsWithAThreadAlive++;
      }
    }
    assertThat(runsWithAThreadAlive).as("runs of 100 with a thread alive after toList()").isZero();
  }

  @Test
  void threadFactoryThatThrows_failsTheRun_insteadOfHangingIt() {
    // The third thread cannot be made (a bounded factory refusing, or the OS out of threads).
    AtomicInteger made = new AtomicInteger();
    ThreadFactory refusing =
        task -> {
          if (made.incrementAndGet() == 3) {
            throw new RejectedExecutionException("no more threads");
          }
          return Thread.ofVirtual().unstarted(task);
        };
    Run<Long> run =
        Pipeline.range(0, 100).mapConcurrent(4, x -> x).withThreadFactory(refusing).start();
    assertThat(run.await(Duration.ofSeconds(5))).as("the run ended").isTrue();
    assertThatThrownBy(run::await)
        .isInstanceOf(PipelineException.class)
        .hasRootCauseInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void threadFactoryThatReturnsNull_failsTheRun() {
    Run<Long> run = Pipeline.range(0, 10).buffer(2).withThreadFactory(task -> null).start();
    assertThat(run.await(Await.LONG)).isTrue();
    assertThatThrownBy(run::await)
        .isInstanceOf(PipelineException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no thread");
  }

  @Test
  void mapCpuOnAnExecutor_hasNoCallRunning_whenTheTerminalThrows() {
    // mapCpu(n, executor, f) runs f on the executor's threads, which the run does not own; when
    // the run fails it interrupts them. The call that is interrupted needs a moment to unwind
    // (here: 200 ms of clean-up); the terminal must not return while it is still running, or
    // user code runs on after the run is reported over.
    ExecutorService pool = Executors.newFixedThreadPool(2);
    AtomicInteger running = new AtomicInteger();
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    try {
      assertThatThrownBy(
              () ->
                  Pipeline.of(0, 1)
                      .mapCpu(
                          2,
                          pool,
                          x -> {
                            if (x == 1) {
                              Await.latch(blocked, "item 0 to block");
                              throw new IllegalStateException("bad item");
                            }
                            running.incrementAndGet();
                            try {
                              blocked.countDown();
                              never.await();
                            } finally {
                              Thread.sleep(200); // Thread.sleep, as clean-up code may
                              running.decrementAndGet();
                            }
                            return x;
                          })
                      .toList())
          .isInstanceOf(PipelineException.class);
      assertThat(running.get()).as("calls still running when toList() threw").isZero();
    } finally {
      never.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void mapConcurrent_hasNoCallRunning_whenTheTerminalThrows() {
    // The same on the run's own threads: here the run waits for its workers.
    AtomicInteger running = new AtomicInteger();
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    try {
      assertThatThrownBy(
              () ->
                  Pipeline.of(0, 1)
                      .mapConcurrent(
                          2,
                          x -> {
                            if (x == 1) {
                              Await.latch(blocked, "item 0 to block");
                              throw new IllegalStateException("bad item");
                            }
                            running.incrementAndGet();
                            try {
                              blocked.countDown();
                              never.await();
                            } finally {
                              Thread.sleep(200);
                              running.decrementAndGet();
                            }
                            return x;
                          })
                      .toList())
          .isInstanceOf(PipelineException.class);
      assertThat(running.get()).isZero();
    } finally {
      never.countDown();
    }
  }
}
