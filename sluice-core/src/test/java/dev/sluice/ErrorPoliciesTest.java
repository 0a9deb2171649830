package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ErrorPoliciesTest {

  private static final RetryPolicy QUICK_RETRY =
      RetryPolicy.builder().maxAttempts(4).backoff(Duration.ZERO, Duration.ofMillis(1)).build();

  @Test
  void retry_recoversItemsThatFailTwice_keepingOrder_andCountsRetries() {
    Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
    Run<Long> run =
        Pipeline.range(0, 500)
            .mapConcurrent(
                8,
                x -> {
                  if (attempts.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet() <= 2) {
                    throw new IOException("flaky " + x);
                  }
                  return x;
                })
            .retry(QUICK_RETRY)
            .named("flaky")
            .start();
    assertThat(run.await()).isEqualTo(500);
    StageMetrics flaky = run.metrics().get(1);
    assertThat(flaky.retried()).isEqualTo(1000);
    assertThat(flaky.failed()).isEqualTo(1000);
    assertThat(flaky.out()).isEqualTo(500);
  }

  @Test
  void retry_givesUpAfterMaxAttempts_andFailsTheRun() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                Pipeline.of(1)
                    .mapConcurrent(1, x -> {
                      calls.incrementAndGet();
                      throw new IOException("always");
                    })
                    .retry(QUICK_RETRY)
                    .toList())
        .isInstanceOf(PipelineException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(calls).hasValue(4);
  }

  @Test
  void retry_onlyRetriesTheChosenFailures() {
    AtomicInteger calls = new AtomicInteger();
    RetryPolicy onlyIo = RetryPolicy.builder().maxAttempts(5).backoff(Duration.ZERO, Duration.ZERO).retryOn(IOException.class).build();
    assertThatThrownBy(
            () ->
                Pipeline.of(1)
                    .mapConcurrent(1, x -> {
                      calls.incrementAndGet();
                      throw new IllegalArgumentException("not retryable");
                    })
                    .retry(onlyIo)
                    .toList())
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void backoff_growsExponentially_withFullJitterBounds_capped() {
    RetryPolicy top =
        RetryPolicy.builder().maxAttempts(10).backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).jitter(() -> 0.999999).build();
    List<Long> millis = new ArrayList<>();
    for (int attempt = 1; attempt <= 6; attempt++) {
      millis.add(top.delayAfter(new IOException(), attempt).toMillis());
    }
    assertThat(millis).containsExactly(99L, 199L, 399L, 799L, 999L, 999L);
    RetryPolicy bottom =
        RetryPolicy.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).jitter(() -> 0.0).build();
    assertThat(bottom.delayAfter(new IOException(), 3)).isZero();
    RetryPolicy real = RetryPolicy.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
    for (int i = 0; i < 1000; i++) {
      assertThat(real.delayAfter(new IOException(), 3)).isBetween(Duration.ZERO, Duration.ofMillis(400));
    }
  }

  @Test
  void retryAfter_winsOverTheComputedDelay_onTheInjectedClock() {
    ManualTicker ticker = new ManualTicker();
    List<Long> attemptTimes = Collections.synchronizedList(new ArrayList<>());
    Run<Long> run =
        Pipeline.of("row")
            .withTicker(ticker)
            .mapConcurrent(
                1,
                x -> {
                  attemptTimes.add(ticker.nanoTime());
                  if (attemptTimes.size() == 1) {
                    throw new RetryAfterException("429", Duration.ofSeconds(30), null);
                  }
                  return x;
                })
            .retry(RetryPolicy.builder().backoff(Duration.ZERO, Duration.ZERO).build())
            .start();
    // Move the clock a second at a time; the retry must come exactly when 30 s have passed.
    waitUntil(() -> run.metrics().get(1).retried() == 1);
    for (int second = 1; attemptTimes.size() < 2; second++) {
      assertThat(second).as("seconds waited").isLessThanOrEqualTo(31);
      ticker.advance(Duration.ofSeconds(1));
      run.await(Duration.ofMillis(20));
    }
    assertThat(run.await()).isEqualTo(1);
    assertThat(attemptTimes.get(1) - attemptTimes.get(0))
        .isBetween(Duration.ofSeconds(30).toNanos(), Duration.ofSeconds(31).toNanos());
  }

  @Test
  void timeout_interruptsTheCall_andFailsTheItemNamingStageAndItem() {
    AtomicInteger interrupted = new AtomicInteger();
    assertThatThrownBy(
            () ->
                Pipeline.of("slow-one")
                    .mapConcurrent(
                        1,
                        x -> {
                          try {
                            new CountDownLatch(1).await();
                          } catch (InterruptedException e) {
                            interrupted.incrementAndGet();
                            throw e;
                          }
                          return x;
                        })
                    .timeout(Duration.ofMillis(50))
                    .named("fetch")
                    .toList())
        .isInstanceOf(PipelineException.class)
        .hasCauseInstanceOf(TimeoutException.class)
        .hasMessageContaining("fetch")
        .hasMessageContaining("slow-one");
    assertThat(interrupted).hasValue(1);
  }

  @RepeatedTest(5)
  void timeoutWithRetry_completesEveryItemExactlyOnce_inOrder() {
    Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
    List<Long> results =
        Pipeline.range(0, 200)
            .mapConcurrent(
                16,
                x -> {
                  int attempt = attempts.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
                  if (x % 7 == 0 && attempt == 1) {
                    Thread.sleep(10_000); // hangs: the timeout must cut it
                  }
                  return x;
                })
            .timeout(Duration.ofMillis(100))
            .retry(QUICK_RETRY)
            .toList();
    assertThat(results).containsExactlyElementsOf(LongStream.range(0, 200).boxed().toList());
  }

  @Test
  void deadLetters_receiveEveryFailedItemOnce_andTheRunGoesOn() {
    List<DeadLetter<?>> letters = new ArrayList<>();
    Run<Long> run =
        Pipeline.range(0, 1000)
            .mapUnordered(
                8,
                x -> {
                  if (x % 10 == 3) {
                    throw new IllegalStateException("bad " + x);
                  }
                  return x;
                })
            .retry(QUICK_RETRY)
            .deadLetters(letters::add)
            .start();
    long succeeded = run.await();
    assertThat(succeeded + letters.size()).isEqualTo(1000);
    assertThat(letters).hasSize(100);
    assertThat(letters).allSatisfy(letter -> {
      assertThat(letter.attempts()).isEqualTo(4);
      assertThat(letter.error()).hasMessage("bad " + letter.item());
      assertThat((Long) letter.item() % 10).isEqualTo(3);
    });
    assertThat(letters.stream().map(DeadLetter::item).distinct()).hasSize(100);
    assertThat(run.metrics().get(1).skipped()).isEqualTo(100);
  }

  @Test
  void async_retriesTimesOutAndDeadLetters_withoutHoldingThreads() {
    Executor delayed = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);
    Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
    List<DeadLetter<?>> letters = Collections.synchronizedList(new ArrayList<>());
    AtomicLong neverCompleted = new AtomicLong();
    List<Long> results =
        Pipeline.range(0, 300)
            .mapAsync(
                32,
                x -> {
                  int attempt = attempts.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
                  if (x % 50 == 0) {
                    return CompletableFuture.failedFuture(new IOException("permanent " + x));
                  }
                  if (x % 9 == 0 && attempt == 1) {
                    neverCompleted.incrementAndGet();
                    return new CompletableFuture<Long>(); // hangs: the timeout must cancel it
                  }
                  if (x % 4 == 0 && attempt < 3) {
                    return CompletableFuture.failedFuture(new IOException("flaky"));
                  }
                  return CompletableFuture.supplyAsync(() -> x, delayed);
                })
            .timeout(Duration.ofMillis(100))
            .retry(QUICK_RETRY)
            .deadLetters(letters::add)
            .toList();
    List<Long> expected = LongStream.range(0, 300).filter(x -> x % 50 != 0).boxed().toList();
    assertThat(results).containsExactlyElementsOf(expected);
    assertThat(letters.stream().map(letter -> (Object) letter.item()).toList())
        .containsExactlyInAnyOrder(0L, 50L, 100L, 150L, 200L, 250L);
    assertThat(neverCompleted.get()).isPositive();
  }

  @Test
  void errorOperators_needAConcurrentMapStage() {
    assertThatThrownBy(() -> Pipeline.of(1).map(x -> x).retry(QUICK_RETRY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("retry applies to a concurrent map stage")
        .hasMessageContaining("'map'");
    assertThatThrownBy(() -> Pipeline.of(1).mapConcurrent(1, x -> x).timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be positive, was PT0S");
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .hasMessage("maxAttempts must be >= 1, was 0");
    assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("baseDelay must be <= maxDelay, was PT2S > PT1S");
  }

  /** A ticker that moves only when the test says so. */
  static final class ManualTicker implements Ticker {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
      return now.get();
    }

    void advance(Duration by) {
      now.addAndGet(by.toNanos());
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in 30 s");
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
