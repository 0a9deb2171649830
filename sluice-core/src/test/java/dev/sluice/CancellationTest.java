package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.Await;
import dev.sluice.testing.TrackingThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cancellation: {@link Run#cancel()}, closing an iterator early, and interrupting the thread
 * waiting in a terminal operation stop a run: calls in flight are interrupted or cancelled, the
 * source is closed, and no thread of the run is left.
 */
class CancellationTest {
  /** Released after each test so nothing stays blocked whatever happened. */
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void releaseEverything() {
    never.countDown();
  }

  /** Blocking calls that record how many started and how many were interrupted. */
  private final class BlockingCalls {
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger interrupted = new AtomicInteger();

    <T> T block(T item) throws InterruptedException {
      started.incrementAndGet();
      try {
        never.await();
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      }
      return item;
    }
  }

  @Test
  void runCancel_interruptsInFlightCalls_closesTheStream_andEndsEveryThread() throws Exception {
    BlockingCalls calls = new BlockingCalls();
    AtomicBoolean streamClosed = new AtomicBoolean();
    TrackingThreadFactory threads = TrackingThreadFactory.virtual();
    Run<Long> run =
        Pipeline.from(Stream.iterate(0, i -> i + 1).onClose(() -> streamClosed.set(true)))
            .mapConcurrent(4, calls::block)
            .withThreadFactory(threads)
            .start();
    Await.until("four calls in flight", () -> calls.started.get() == 4);
    run.cancel();
    assertThat(run.await(Await.LONG)).isTrue();
    assertThat(calls.interrupted.get()).isEqualTo(4);
    assertThat(streamClosed).isTrue();
    assertThat(run.isDone()).isTrue();
    assertThat(threads.awaitTermination(Await.LONG)).isEmpty();
  }

  @Test
  void iteratorClose_interruptsInFlightCalls_andClosesTheStream() {
    BlockingCalls calls = new BlockingCalls();
    AtomicBoolean streamClosed = new AtomicBoolean();
    CloseableIterator<Integer> it =
        Pipeline.from(Stream.iterate(0, i -> i + 1).onClose(() -> streamClosed.set(true)))
            .mapUnordered(3, x -> x < 5 ? x : calls.block(x))
            .iterator();
    for (int i = 0; i < 5; i++) {
      assertThat(it.next()).isBetween(0, 4);
    }
    Await.until("three calls in flight", () -> calls.started.get() == 3);
    it.close(); // returns once every thread of the run has ended
    assertThat(calls.interrupted.get()).isEqualTo(3);
    assertThat(streamClosed).isTrue();
    assertThat(it.hasNext()).isFalse();
  }

  @Test
  void streamClose_cancelsTheRun() {
    BlockingCalls calls = new BlockingCalls();
    AtomicBoolean sourceClosed = new AtomicBoolean();
    try (Stream<Integer> results =
        Pipeline.from(Stream.of(1, 2, 3).onClose(() -> sourceClosed.set(true)))
            .mapConcurrent(2, calls::block)
            .stream()) {
      Await.until("two calls in flight", () -> calls.started.get() == 2);
    }
    assertThat(calls.interrupted.get()).isEqualTo(2);
    assertThat(sourceClosed).isTrue();
  }

  @Test
  void runCancel_interruptsAGeneratorBlockedInNext_andCallsItNoMore() {
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch blocked = new CountDownLatch(1);
    Run<Long> run =
        Pipeline.<Integer>generate(
                () -> {
                  if (calls.incrementAndGet() <= 3) {
                    return calls.get();
                  }
                  blocked.countDown();
                  try {
                    never.await(); // a live source waiting for its next event
                  } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                  }
                  return -1;
                })
            .buffer(4)
            .start();
    Await.latch(blocked, "the generator to wait for an event");
    run.cancel();
    assertThat(run.await(Await.LONG)).isTrue();
    assertThat(interrupted).isTrue();
    assertThat(calls.get()).isEqualTo(4);
  }

  @Test
  void iteratorClose_interruptsAGeneratorBlockedInNext_andCallsItNoMore() {
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch blocked = new CountDownLatch(1);
    CloseableIterator<Integer> it =
        Pipeline.<Integer>generate(
                () -> {
                  if (calls.incrementAndGet() <= 2) {
                    return calls.get();
                  }
                  blocked.countDown();
                  try {
                    never.await();
                  } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                  }
                  return -1;
                })
            .mapConcurrent(2, x -> x)
            .iterator();
    assertThat(it.next()).isEqualTo(1);
    Await.latch(blocked, "the generator to wait for an event");
    it.close();
    assertThat(interrupted).isTrue();
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void runCancel_cancelsPendingAsyncCalls() {
    List<CompletableFuture<Integer>> pending = new CopyOnWriteArrayList<>();
    TrackingThreadFactory threads = TrackingThreadFactory.virtual();
    Run<Long> run =
        Pipeline.range(0, 100)
            .mapAsync(
                5,
                x -> {
                  CompletableFuture<Integer> f = new CompletableFuture<>();
                  pending.add(f);
                  return f;
                })
            .withThreadFactory(threads)
            .start();
    Await.until("five calls pending", () -> pending.size() == 5);
    Await.quiescent(threads); // the calls are registered and the inlet waits for a permit
    List<CompletableFuture<Integer>> beforeCancel = List.copyOf(pending);
    run.cancel();
    assertThat(run.await(Await.LONG)).isTrue();
    assertThat(beforeCancel).hasSize(5).allMatch(CompletableFuture::isCancelled);
  }

  @Test
  void mapAsync_startsNoNewCall_afterTheRunHasFailed() {
    // Two calls pending, the inlet waiting for a permit to start the third. The first call
    // fails: that stops the run, and must not hand the freed permit to a new call.
    List<CompletableFuture<Integer>> calls = new CopyOnWriteArrayList<>();
    TrackingThreadFactory threads = TrackingThreadFactory.virtual();
    Run<Long> run =
        Pipeline.range(0, 100)
            .mapAsync(
                2,
                x -> {
                  CompletableFuture<Integer> f = new CompletableFuture<>();
                  calls.add(f);
                  return f;
                })
            .withThreadFactory(threads)
            .start();
    Await.until("two calls pending", () -> calls.size() == 2);
    Await.quiescent(threads);
    calls.getFirst().completeExceptionally(new IllegalStateException("call 0 failed"));
    assertThat(run.await(Await.LONG)).isTrue();
    assertThatThrownBy(run::await).isInstanceOf(PipelineException.class);
    assertThat(calls).as("calls started, counting any after the failure").hasSize(2);
  }

  @Test
  void mapAsync_cancelsACallThatWasStarting_whenTheRunStopped() {
    // The stop lands while the inlet is inside the function for item 2 (pinned here by
    // cancelling from within it; another thread's cancel or failure can land there too).
    // The CompletionStage it returns is a call in flight like the others and must be cancelled.
    AtomicReference<Run<Long>> self = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    List<CompletableFuture<Integer>> calls = new CopyOnWriteArrayList<>();
    Run<Long> run =
        Pipeline.range(0, 10)
            .mapAsync(
                4,
                x -> {
                  if (x == 2) {
                    Await.latch(started, "the run handle");
                    self.get().cancel();
                  }
                  CompletableFuture<Integer> f = new CompletableFuture<>();
                  calls.add(f);
                  return f;
                })
            .start();
    self.set(run);
    started.countDown();
    assertThat(run.await(Await.LONG)).isTrue();
    assertThat(calls).hasSize(3);
    assertThat(calls).as("pending calls after the stop").allMatch(CompletableFuture::isCancelled);
  }

  /** Where a cancelled run's in-flight work sits when it is cancelled. */
  enum InFlight {
    BLOCKING_CALL,
    GENERATOR_WAITING_FOR_AN_EVENT,
    PENDING_ASYNC_CALL,
    NOTHING_BLOCKED
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(InFlight.class)
  void runCancel_makesAwaitThrowCancellationException_whateverWasInFlight(InFlight inFlight) {
    // Run.await(): "@throws CancellationException if the run was cancelled". The interrupts and
    // cancellations that the stop itself causes are its echo, not failures of the run.
    CountDownLatch busy = new CountDownLatch(1);
    Pipeline<Integer> pipeline =
        switch (inFlight) {
          case BLOCKING_CALL ->
              Pipeline.of(1, 2, 3)
                  .mapConcurrent(
                      2,
                      x -> {
                        busy.countDown();
                        never.await();
                        return x;
                      });
          case GENERATOR_WAITING_FOR_AN_EVENT ->
              Pipeline.<Integer>generate(
                      () -> {
                        busy.countDown();
                        never.await();
                        return 1;
                      })
                  .buffer(2);
          case PENDING_ASYNC_CALL ->
              Pipeline.of(1, 2, 3)
                  .mapAsync(
                      2,
                      x -> {
                        busy.countDown();
                        return new CompletableFuture<Integer>();
                      });
          case NOTHING_BLOCKED ->
              Pipeline.generate(() -> 1).peek(x -> busy.countDown()).buffer(2);
        };
    TrackingThreadFactory threads = TrackingThreadFactory.virtual();
    Run<Long> run = pipeline.withThreadFactory(threads).start();
    Await.latch(busy, "the run to be busy");
    if (inFlight != InFlight.NOTHING_BLOCKED) {
      Await.quiescent(threads); // the blocked work is registered with the run
    }
    run.cancel();
    assertThatThrownBy(run::await).isInstanceOf(CancellationException.class);
  }

  @Test
  void mapAsyncUnordered_cancelsASlowPendingCall_afterAWindowOfLaterCallsHasOvertakenIt() {
    // Item 0 never completes; items 1..599 complete at once and overtake it, so more than a
    // window (256) of later items pass through the stage while item 0 is pending.
    CompletableFuture<Long> slow = new CompletableFuture<>();
    AtomicInteger drained = new AtomicInteger();
    Run<Long> run =
        Pipeline.range(0, 600)
            .mapAsyncUnordered(
                4, x -> x == 0 ? slow : CompletableFuture.completedFuture(x))
            .start(x -> drained.incrementAndGet());
    Await.until("every other item drained", () -> drained.get() == 599);
    run.cancel();
    assertThat(run.await(Await.LONG)).isTrue();
    assertThat(slow).as("the pending call of item 0").isCancelled();
  }

  @Test
  void mapAsyncUnordered_cancelsASlowPendingCall_whenFewerThanAWindowOvertookIt() {
    // The same with 199 later items, fewer than the window: this one holds, which places the
    // fault in how the stage tracks pending calls once their slots are reused.
    CompletableFuture<Long> slow = new CompletableFuture<>();
    AtomicInteger drained = new AtomicInteger();
    Run<Long> run =
        Pipeline.range(0, 200)
            .mapAsyncUnordered(4, x -> x == 0 ? slow : CompletableFuture.completedFuture(x))
            .start(x -> drained.incrementAndGet());
    Await.until("every other item drained", () -> drained.get() == 199);
    run.cancel();
    assertThat(run.await(Await.LONG)).isTrue();
    assertThat(slow).as("the pending call of item 0").isCancelled();
  }

  @Test
  void interruptingTheThreadWaitingInToList_cancelsTheRun() throws Exception {
    BlockingCalls calls = new BlockingCalls();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean interruptFlag = new AtomicBoolean();
    Thread waiter =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Pipeline.range(0, 10).mapConcurrent(2, calls::block).toList();
                  } catch (Throwable e) {
                    thrown.set(e);
                    interruptFlag.set(Thread.currentThread().isInterrupted());
                  }
                });
    Await.until("two calls in flight", () -> calls.started.get() == 2);
    waiter.interrupt();
    waiter.join(Await.LONG);
    assertThat(waiter.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(CancellationException.class);
    assertThat(interruptFlag).as("interrupt flag set again").isTrue();
    assertThat(calls.interrupted.get()).isEqualTo(2);
  }

  @Test
  void interruptingTheThreadWaitingInIteratorHasNext_cancelsTheRun() throws Exception {
    // "interrupting the thread waiting in a terminal operation stops a run the same way"
    // (Pipeline's Javadoc); an iterator's hasNext() is where its consumer waits.
    BlockingCalls calls = new BlockingCalls();
    AtomicReference<Object> outcome = new AtomicReference<>();
    CountDownLatch waiting = new CountDownLatch(1);
    Thread consumer =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try (CloseableIterator<Integer> it =
                      Pipeline.of(1, 2, 3).mapConcurrent(2, calls::block).iterator()) {
                    waiting.countDown();
                    outcome.set(it.hasNext());
                  } catch (Throwable e) {
                    outcome.set(e);
                  }
                });
    Await.latch(waiting, "the consumer to start waiting");
    Await.until("two calls in flight", () -> calls.started.get() == 2);
    Await.blocked(consumer);
    consumer.interrupt();
    consumer.join(Duration.ofSeconds(5));
    boolean returned = !consumer.isAlive();
    never.countDown(); // let a stuck consumer finish, whatever the outcome
    consumer.join(Await.LONG);
    assertThat(returned).as("hasNext() returned after its thread was interrupted").isTrue();
    assertThat(outcome.get()).isInstanceOf(CancellationException.class);
    assertThat(calls.interrupted.get()).isEqualTo(2);
  }

  @Test
  void cancel_afterTheRunEnded_doesNothing() {
    Run<Long> run = Pipeline.range(0, 10).mapConcurrent(2, x -> x).start();
    assertThat(run.await()).isEqualTo(10);
    run.cancel();
    assertThat(run.await()).isEqualTo(10);
    assertThat(run.isDone()).isTrue();
  }

  @Test
  void cancel_rightAfterStart_endsTheRun_withNoThreadLeft() throws Exception {
    for (int i = 0; i < 50; i++) {
      TrackingThreadFactory threads = TrackingThreadFactory.virtual();
      Run<Long> run =
          Pipeline.generate(() -> 1)
              .buffer(4)
              .mapConcurrent(3, x -> x)
              .mapUnordered(2, x -> x)
              .withThreadFactory(threads)
              .start();
      run.cancel();
      assertThatThrownBy(run::await).isInstanceOf(CancellationException.class);
      assertThat(threads.awaitTermination(Await.LONG)).isEmpty();
    }
  }

  @Test
  void runCancel_beforeTheSourceThreadRuns_closesAStreamSource() {
    // from(Stream): "the stream is closed when the run ends". The run's threads are held at
    // their start until the run has been cancelled, as a busy machine may do: the source thread
    // then skips its body, the source is never opened, and the stream is never closed.
    CountDownLatch go = new CountDownLatch(1);
    java.util.concurrent.ThreadFactory slowToStart =
        task ->
            Thread.ofVirtual()
                .unstarted(
                    () -> {
                      // Wait without giving up on the cancel's interrupt: the task must run,
                      // since it is what reports the thread's end to the run.
                      boolean interrupted = false;
                      while (go.getCount() > 0) {
                        try {
                          go.await();
                        } catch (InterruptedException e) {
                          interrupted = true;
                        }
                      }
                      if (interrupted) {
                        Thread.currentThread().interrupt();
                      }
                      task.run();
                    });
    AtomicBoolean closed = new AtomicBoolean();
    Run<Long> run =
        Pipeline.from(Stream.of(1, 2, 3).onClose(() -> closed.set(true)))
            .buffer(2)
            .withThreadFactory(slowToStart)
            .start();
    run.cancel();
    go.countDown();
    assertThat(run.await(Await.LONG)).isTrue();
    assertThat(closed).as("the Stream source was closed").isTrue();
  }

  @Test
  void runCancel_rightAfterStart_closesAStreamSource() {
    // The same race, as it happens on its own: about one run in seven on this machine.
    int notClosed = 0;
    for (int i = 0; i < 50; i++) {
      AtomicBoolean closed = new AtomicBoolean();
      Run<Long> run =
          Pipeline.from(Stream.of(1, 2, 3).onClose(() -> closed.set(true))).buffer(2).start();
      run.cancel();
      assertThat(run.await(Await.LONG)).isTrue();
      if (!closed.get()) {
        notClosed++;
      }
    }
    assertThat(notClosed).as("runs of 50 that left their Stream source open").isZero();
  }

  @Test
  void iteratorClose_rightAfterStart_closesAStreamSource() {
    int notClosed = 0;
    for (int i = 0; i < 50; i++) {
      AtomicBoolean closed = new AtomicBoolean();
      Pipeline.from(Stream.of(1, 2, 3).onClose(() -> closed.set(true))).iterator().close();
      if (!closed.get()) {
        notClosed++;
      }
    }
    assertThat(notClosed).as("runs of 50 that left their Stream source open").isZero();
  }

  @Test
  void iteratorClose_afterTheEnd_isHarmless() {
    CloseableIterator<Integer> it = Pipeline.of(1, 2).iterator();
    assertThat(it).toIterable().containsExactly(1, 2);
    it.close();
    it.close();
    assertThat(it.hasNext()).isFalse();
  }

  @Test
  void awaitWithTimeout_returnsFalse_whileTheRunGoesOn_andTrueOnceEnded() {
    BlockingCalls calls = new BlockingCalls();
    Run<Long> run = Pipeline.of(1).mapConcurrent(1, calls::block).start();
    assertThat(run.await(Duration.ofMillis(50))).isFalse();
    assertThat(run.isDone()).isFalse();
    run.cancel();
    assertThat(run.await(Await.LONG)).isTrue();
    assertThat(run.isDone()).isTrue();
  }
}
