package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.testing.Await;
import dev.sluice.testing.TrackingThreadFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fail-fast: the first failure stops the run at once, even while earlier items are still
 * running; calls in flight are interrupted (blocking) or cancelled (CompletionStage); the
 * terminal operation throws a {@link PipelineException} naming the stage and the item's
 * position, with the original exception as its cause and later failures as suppressed.
 */
class FailFastTest {
  /** The exception the tests inject; compared by identity. */
  static final class Injected extends RuntimeException {
    Injected(String message) {
      super(message);
    }
  }

  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  /** Released at the end of each test so that nothing stays blocked whatever happened. */
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void releaseEverything() {
    never.countDown();
    pool.shutdownNow();
  }

  /** The concurrent stages, each applying a blocking function. */
  enum Kind {
    MAP_CONCURRENT("mapConcurrent"),
    MAP_UNORDERED("mapUnordered"),
    MAP_CPU_ON_EXECUTOR("mapCpu"),
    DRAIN_CONCURRENTLY("drain");

    final String stageName;

    Kind(String stageName) {
      this.stageName = stageName;
    }
  }

  private long runWith(Kind kind, Pipeline<Integer> source, CheckedFunction<Integer, Integer> f) {
    return switch (kind) {
      case MAP_CONCURRENT -> source.mapConcurrent(4, f).count();
      case MAP_UNORDERED -> source.mapUnordered(4, f).count();
      case MAP_CPU_ON_EXECUTOR -> source.mapCpu(4, pool, f).count();
      case DRAIN_CONCURRENTLY -> source.drain(4, f::apply);
    };
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void laterFailure_isReportedAtOnce_andInterruptsTheBlockedEarlierCall(Kind kind) {
    Injected injected = new Injected("item 3 is bad");
    CountDownLatch blockedCallStarted = new CountDownLatch(1);
    CountDownLatch blockedCallInterrupted = new CountDownLatch(1);
    CheckedFunction<Integer, Integer> f =
        x -> {
          if (x == 0) {
            blockedCallStarted.countDown();
            try {
              never.await(); // released only after the assertions below
            } catch (InterruptedException e) {
              blockedCallInterrupted.countDown();
              throw e;
            }
          }
          if (x == 3) {
            Await.latch(blockedCallStarted, "item 0 to start");
            throw injected;
          }
          return x;
        };

    // If the run waited for item 0, this would block until the test's timeout: item 0 is
    // released only after the assertions.
    PipelineException failure =
        catchThrowableOfType(
            PipelineException.class, () -> runWith(kind, Pipeline.of(0, 1, 2, 3, 4, 5, 6, 7), f));

    assertThat(failure).isNotNull();
    assertThat(failure.getCause()).isSameAs(injected);
    assertThat(failure.stage()).isEqualTo(kind.stageName);
    assertThat(failure.position()).isEqualTo(3);
    assertThat(failure.getMessage()).contains(kind.stageName).contains("#3");
    Await.latch(blockedCallInterrupted, "the blocked call to see InterruptedException");
    // The interrupt is the echo of the stop, not a failure of its own.
    assertThat(failure.getSuppressed()).isEmpty();
  }

  @Test
  void mapAsync_laterFailure_isReportedAtOnce_andCancelsThePendingEarlierCall() {
    Injected injected = new Injected("item 3 is bad");
    CompletableFuture<Integer> pending = new CompletableFuture<>();
    PipelineException failure =
        catchThrowableOfType(
            PipelineException.class,
            () ->
                Pipeline.of(0, 1, 2, 3, 4)
                    .mapAsync(
                        4,
                        x ->
                            x == 0
                                ? pending
                                : x == 3
                                    ? CompletableFuture.<Integer>failedFuture(injected)
                                    : CompletableFuture.completedFuture(x))
                    .toList());
    assertThat(failure).isNotNull();
    assertThat(failure.getCause()).isSameAs(injected);
    assertThat(failure.stage()).isEqualTo("mapAsync");
    assertThat(failure.position()).isEqualTo(3);
    assertThat(pending).isCancelled();
  }

  @Test
  void mapAsync_failureOfTheFunctionItself_failsTheRun() {
    Injected injected = new Injected("could not even start");
    assertThatThrownBy(
            () ->
                Pipeline.of(1, 2, 3)
                    .mapAsync(
                        2,
                        x -> {
                          if (x == 2) {
                            throw injected;
                          }
                          return CompletableFuture.completedFuture(x);
                        })
                    .toList())
        .isInstanceOf(PipelineException.class)
        .hasCause(injected)
        .satisfies(e -> assertThat(((PipelineException) e).position()).isEqualTo(1));
  }

  @Test
  void mapAsync_futureCompletedWithACompletionException_reportsTheRealCause() {
    Injected injected = new Injected("wrapped");
    assertThatThrownBy(
            () ->
                Pipeline.of(1)
                    .mapAsync(
                        1,
                        x ->
                            CompletableFuture.supplyAsync(
                                () -> {
                                  throw injected;
                                }))
                    .toList())
        .isInstanceOf(PipelineException.class)
        .cause()
        .isSameAs(injected);
  }

  @Test
  void laterFailureWhileUnwinding_isAttachedAsSuppressed() {
    Injected first = new Injected("first");
    IllegalStateException later = new IllegalStateException("cleanup failed");
    CountDownLatch blocked = new CountDownLatch(1);
    PipelineException failure =
        catchThrowableOfType(
            PipelineException.class,
            () ->
                Pipeline.of(0, 1)
                    .mapConcurrent(
                        2,
                        x -> {
                          if (x == 0) {
                            blocked.countDown();
                            try {
                              never.await();
                            } catch (InterruptedException e) {
                              throw later; // a real failure, not the echo of the stop
                            }
                          }
                          Await.latch(blocked, "item 0 blocked");
                          throw first;
                        })
                    .toList());
    assertThat(failure.getCause()).isSameAs(first);
    assertThat(failure.getSuppressed()).hasSize(1);
    assertThat(failure.getSuppressed()[0]).hasCause(later);
  }

  @Test
  void fusedMap_failure_namesTheStage_andTheItemPosition() {
    Injected injected = new Injected("bad");
    PipelineException failure =
        catchThrowableOfType(
            PipelineException.class,
            () ->
                Pipeline.range(0, 100)
                    .filter(x -> x % 2 == 0)
                    .map(
                        x -> {
                          if (x == 10) {
                            throw injected;
                          }
                          return x;
                        })
                    .named("parse")
                    .toList());
    assertThat(failure.getCause()).isSameAs(injected);
    assertThat(failure.stage()).isEqualTo("parse");
    assertThat(failure.position()).isEqualTo(5); // 0, 2, 4, 6, 8, then 10
    assertThat(failure.getMessage()).contains("parse").contains("#5").contains("10");
  }

  @Test
  void sourceFailure_failsTheRun_namingTheSource() {
    Injected injected = new Injected("source broke");
    AtomicInteger calls = new AtomicInteger();
    PipelineException failure =
        catchThrowableOfType(
            PipelineException.class,
            () ->
                Pipeline.generate(
                        () -> {
                          if (calls.incrementAndGet() == 5) {
                            throw injected;
                          }
                          return calls.get();
                        })
                    .named("events")
                    .buffer(2)
                    .mapConcurrent(2, x -> x)
                    .toList());
    assertThat(failure.getCause()).isSameAs(injected);
    assertThat(failure.stage()).isEqualTo("events");
  }

  @Test
  void sinkFailure_failsTheRun_andInterruptsCallsUpstream() {
    Injected injected = new Injected("sink broke");
    CountDownLatch upstreamBlocked = new CountDownLatch(1);
    AtomicBoolean upstreamInterrupted = new AtomicBoolean();
    PipelineException failure =
        catchThrowableOfType(
            PipelineException.class,
            () ->
                Pipeline.range(0, 100)
                    .mapUnordered(
                        2,
                        x -> {
                          if (x == 1) {
                            upstreamBlocked.countDown();
                            try {
                              never.await();
                            } catch (InterruptedException e) {
                              upstreamInterrupted.set(true);
                              throw e;
                            }
                          }
                          return x;
                        })
                    .drain(
                        x -> {
                          Await.latch(upstreamBlocked, "item 1 blocked");
                          throw injected;
                        }));
    assertThat(failure.getCause()).isSameAs(injected);
    assertThat(failure.stage()).isEqualTo("drain");
    Await.until("the upstream call to be interrupted", upstreamInterrupted::get);
  }

  @Test
  void nullResult_failsTheRun_becauseStreamsCarryNoNulls() {
    assertThatThrownBy(() -> Pipeline.of(1, 2, 3).mapConcurrent(2, x -> x == 2 ? null : x).toList())
        .isInstanceOf(PipelineException.class)
        .hasCauseInstanceOf(NullPointerException.class)
        .hasMessageContaining("mapConcurrent");
    assertThatThrownBy(() -> Pipeline.of(1, 2, 3).map(x -> x == 2 ? null : x).toList())
        .isInstanceOf(PipelineException.class)
        .hasCauseInstanceOf(NullPointerException.class)
        .hasMessageContaining("map");
    assertThatThrownBy(() -> Pipeline.from(java.util.Arrays.asList(1, null, 3)).toList())
        .isInstanceOf(PipelineException.class)
        .hasCauseInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                Pipeline.of(1)
                    .mapAsync(1, x -> CompletableFuture.<Integer>completedFuture(null))
                    .toList())
        .isInstanceOf(PipelineException.class)
        .hasCauseInstanceOf(NullPointerException.class);
  }

  @Test
  void iterator_throwsTheFailure_fromHasNext() {
    Injected injected = new Injected("bad");
    try (CloseableIterator<Integer> it =
        Pipeline.of(1, 2, 3)
            .map(
                x -> {
                  if (x == 3) {
                    throw injected;
                  }
                  return x;
                })
            .iterator()) {
      assertThatThrownBy(
              () -> {
                while (it.hasNext()) {
                  it.next();
                }
              })
          .isInstanceOf(PipelineException.class)
          .hasCause(injected);
    }
  }

  @Test
  void failedRun_leavesNoThreadBehind() throws Exception {
    TrackingThreadFactory threads = TrackingThreadFactory.virtual();
    assertThatThrownBy(
            () ->
                Pipeline.range(0, 1000)
                    .buffer(8)
                    .mapConcurrent(
                        8,
                        x -> {
                          if (x == 500) {
                            throw new Injected("bad");
                          }
                          return x;
                        })
                    .mapUnordered(3, x -> x)
                    .withThreadFactory(threads)
                    .toList())
        .isInstanceOf(PipelineException.class);
    // Four segment threads and at least one worker (workers start as work arrives).
    assertThat(threads.created()).isGreaterThanOrEqualTo(5);
    assertThat(threads.awaitTermination(Await.LONG)).isEmpty();
  }

  @Test
  void terminalOperations_rethrowTheSameFailure_whenAwaitedAgain() {
    Injected injected = new Injected("bad");
    Run<Long> run =
        Pipeline.of(1, 2)
            .map(
                x -> {
                  throw injected;
                })
            .start();
    PipelineException first = catchThrowableOfType(PipelineException.class, run::await);
    PipelineException second = catchThrowableOfType(PipelineException.class, run::await);
    assertThat(first.getCause()).isSameAs(injected);
    assertThat(second.getCause()).isSameAs(injected);
    assertThat(run.isDone()).isTrue();
    assertThat(List.of(first.stage())).containsExactly("map");
  }
}
