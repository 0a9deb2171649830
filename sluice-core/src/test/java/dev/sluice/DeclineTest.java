package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When downstream wants no more, everything upstream stops: calls, sources, waits. */
@Timeout(60)
class DeclineTest {

  @Test
  void limitAfterConcurrentStage_interruptsSlowCallsInFlight() {
    AtomicInteger interrupted = new AtomicInteger();
    CountDownLatch othersStarted = new CountDownLatch(3);
    List<Long> first =
        Pipeline.range(0, 1_000)
            .mapConcurrent(
                8,
                x -> {
                  if (x == 0) {
                    othersStarted.await(); // leave only once later calls are in flight
                    return x;
                  }
                  othersStarted.countDown();
                  try {
                    new CountDownLatch(1).await(); // would hang forever
                  } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    throw e;
                  }
                  return x;
                })
            .limit(1)
            .toList();
    assertThat(first).containsExactly(0L);
    assertThat(interrupted.get()).isPositive();
  }

  @Test
  void limitAfterConcurrentStage_stopsASourceBlockedOnAnItemThatNeverComes() {
    Feed<Integer> feed = new Feed<>(4);
    AtomicBoolean fedOne = new AtomicBoolean();
    Thread producer =
        Thread.ofVirtual().start(() -> {
          try {
            feed.put(1);
            fedOne.set(true);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    // The feed is never closed: only the limit can end this run.
    List<Integer> items = Pipeline.from(feed).mapUnordered(2, x -> x).buffer(2).limit(1).toList();
    assertThat(items).containsExactly(1);
    assertThat(producer.isAlive() && !fedOne.get()).isFalse();
  }

  @Test
  void limitAfterAsyncStage_cancelsPendingCalls() {
    AtomicInteger cancelled = new AtomicInteger();
    CompletableFuture<Long> firstResult = new CompletableFuture<>();
    List<Long> first =
        Pipeline.range(0, 100)
            .mapAsync(
                4,
                x -> {
                  if (x == 0) {
                    return firstResult;
                  }
                  CompletableFuture<Long> never = new CompletableFuture<>();
                  never.whenComplete((v, e) -> cancelled.incrementAndGet());
                  if (x == 3) {
                    firstResult.complete(0L); // only once all four calls are pending
                  }
                  return never;
                })
            .limit(1)
            .toList();
    assertThat(first).containsExactly(0L);
    assertThat(cancelled.get()).isPositive();
  }

  @Test
  void closingIteratorEarly_duringRetryBackoff_endsTheRunPromptly() {
    try (CloseableIterator<Long> it =
        Pipeline.range(0, 100)
            .mapConcurrent(2, x -> {
              if (x > 0) {
                throw new java.io.IOException("down");
              }
              return x;
            })
            .retry(RetryPolicy.builder().maxAttempts(100).backoff(Duration.ofHours(1), Duration.ofHours(1)).build())
            .iterator()) {
      assertThat(it.next()).isZero();
    }
  }
}
