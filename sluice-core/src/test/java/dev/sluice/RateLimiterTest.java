package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimiterTest {

  /** A grant: when, and how many permits. */
  private record Grant(long at, int weight) {}

  /**
   * A long simulated run: several callers that ask again as soon as (or a little after) they are
   * granted, on a manual ticker. Each caller asks at the time it is ready; the limiter's answer
   * is the time acquire() would return.
   */
  private static List<Grant> simulate(
      RateLimiter limiter, ManualTicker ticker, int callers, int grants, int maxWeight,
      long maxThinkNanos, long seed) {
    Random random = new Random(seed);
    PriorityQueue<long[]> ready = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    for (int c = 0; c < callers; c++) {
      ready.add(new long[] {random.nextLong(maxThinkNanos + 1), c});
    }
    List<Grant> result = new ArrayList<>();
    for (int i = 0; i < grants; i++) {
      long[] caller = ready.poll();
      if (caller[0] > ticker.nanoTime()) {
        ticker.set(caller[0]);
      }
      int weight = 1 + random.nextInt(maxWeight);
      long[] reservation = limiter.reserve(weight);
      assertThat(reservation[1]).isGreaterThanOrEqualTo(reservation[0]);
      result.add(new Grant(reservation[1], weight));
      // The caller waits until its grant, then thinks a while before asking again.
      long think = maxThinkNanos == 0 ? 0 : random.nextLong(maxThinkNanos + 1);
      ready.add(new long[] {reservation[1] + think, caller[1]});
    }
    result.sort((a, b) -> Long.compare(a.at(), b.at()));
    return result;
  }

  /** The most permits granted in any span [t, t + window), over every grant time t. */
  private static long mostInAnyWindow(List<Grant> grants, long window) {
    long most = 0;
    long sum = 0;
    int end = 0;
    for (int start = 0; start < grants.size(); start++) {
      while (end < grants.size() && grants.get(end).at() < grants.get(start).at() + window) {
        sum += grants.get(end).weight();
        end++;
      }
      most = Math.max(most, sum);
      sum -= grants.get(start).weight();
    }
    return most;
  }

  @ParameterizedTest(name = "{0} per {1} ms, burst {2}, weights up to {3}, seed {4}")
  @CsvSource({
    "7, 1000, 1, 1, 1",
    "7, 1000, 1, 1, 2",
    "100, 1000, 1, 1, 3",
    "3, 10, 1, 1, 4",
    "10, 1000, 5, 1, 5",
    "10, 1000, 5, 5, 6",
    "1000, 60000, 200, 50, 7",
    "1, 1, 1, 1, 8",
  })
  void schedule_grantsAtMostPermitsPlusBurstMinusOneInEveryWindow(
      int permits, long perMillis, int burst, int maxWeight, long seed) {
    ManualTicker ticker = new ManualTicker();
    ticker.set(123_456_789L);
    Duration per = Duration.ofMillis(perMillis);
    RateLimiter limiter = RateLimiter.of(permits, per).withBurst(burst).withTicker(ticker);
    long unit = per.toNanos() / permits;
    for (long think : new long[] {0, unit / 3, 5 * unit}) {
      List<Grant> grants = simulate(limiter, ticker, 5, 4000, maxWeight, think, seed);
      assertThat(mostInAnyWindow(grants, per.toNanos()))
          .as("permits in any window of %s (think %d ns)", per, think)
          .isLessThanOrEqualTo(permits + burst - 1);
      if (permits > 1 && burst == 1 && maxWeight == 1) {
        // The default is the strict form: at most `permits` in every window.
        assertThat(mostInAnyWindow(grants, per.toNanos())).isLessThanOrEqualTo(permits);
      }
    }
  }

  @Test
  void schedule_underConstantDemand_grantsTheFullRate() {
    ManualTicker ticker = new ManualTicker();
    RateLimiter limiter = RateLimiter.of(7, Duration.ofSeconds(1)).withTicker(ticker);
    List<Grant> grants = simulate(limiter, ticker, 3, 7 * 600, 1, 0, 42);
    // 600 simulated seconds at 7 a second: the first is at 0, the last at 4199/7 s.
    // Grants happen on whole nanoseconds, so each may lose less than a nanosecond of refill.
    long last = grants.getLast().at();
    long ideal = 4199L * 1_000_000_000L / 7;
    assertThat(last).isBetween(ideal, ideal + grants.size());
  }

  @Test
  void schedule_heavierThanBurst_waitsForAFullBucketAndLeavesDebt() {
    ManualTicker ticker = new ManualTicker();
    RateLimiter limiter =
        RateLimiter.of(10, Duration.ofSeconds(1)).withBurst(5).withTicker(ticker);
    assertThat(limiter.reserve(50)[1]).isEqualTo(0); // full bucket: granted now, 45 in debt
    // 45 of debt plus 1 for this request: 4.6 s at 10 a second.
    assertThat(limiter.reserve(1)[1]).isEqualTo(4_600_000_000L);
    assertThat(limiter.granted()).isEqualTo(51);
  }

  @Test
  void acquire_parksUntilTheTickerReachesTheGrant() throws Exception {
    ManualTicker ticker = new ManualTicker();
    RateLimiter limiter = RateLimiter.of(1, Duration.ofSeconds(1)).withTicker(ticker);
    limiter.acquire(); // the bucket starts full
    AtomicBoolean second = new AtomicBoolean();
    Thread waiter =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    limiter.acquire();
                    second.set(true);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    while (waiter.getState() != Thread.State.TIMED_WAITING) {
      Thread.onSpinWait();
    }
    Thread.sleep(20);
    assertThat(second).as("granted before the ticker moved").isFalse();
    ticker.advance(Duration.ofMillis(999));
    Thread.sleep(20);
    assertThat(second).as("granted a nanosecond early").isFalse();
    ticker.advance(Duration.ofMillis(1));
    waiter.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(second).isTrue();
    assertThat(limiter.waitedNanos()).isEqualTo(1_000_000_000L);
  }

  @Test
  void acquire_interrupted_throwsInterruptedException() throws Exception {
    ManualTicker ticker = new ManualTicker();
    RateLimiter limiter = RateLimiter.of(1, Duration.ofHours(1)).withTicker(ticker);
    limiter.acquire();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiter =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    limiter.acquire();
                  } catch (Throwable e) {
                    thrown.set(e);
                  }
                });
    while (waiter.getState() != Thread.State.TIMED_WAITING) {
      Thread.onSpinWait();
    }
    waiter.interrupt();
    waiter.join();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void acquire_manyThreads_neverAheadOfTheRate() throws Exception {
    ManualTicker ticker = new ManualTicker();
    int permits = 100;
    RateLimiter limiter =
        RateLimiter.of(permits, Duration.ofSeconds(1)).withBurst(3).withTicker(ticker);
    ConcurrentLinkedQueue<Long> grantedAt = new ConcurrentLinkedQueue<>();
    int threads = 4;
    int each = 50;
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      Thread.ofPlatform()
          .start(
              () -> {
                try {
                  for (int i = 0; i < each; i++) {
                    limiter.acquire();
                    grantedAt.add(ticker.nanoTime());
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  done.countDown();
                }
              });
    }
    while (done.getCount() > 0) {
      ticker.advance(Duration.ofMillis(3));
      done.await(200, TimeUnit.MICROSECONDS);
    }
    List<Long> times = new ArrayList<>(grantedAt);
    Collections.sort(times);
    assertThat(times).hasSize(threads * each);
    // A grant is seen no earlier than it is made, so at every time t, the grants seen by t are
    // at most the bucket plus what refilled since the start (time 0).
    for (int i = 0; i < times.size(); i++) {
      long t = times.get(i);
      long allowed = 3 + t * permits / 1_000_000_000L;
      assertThat((long) i + 1).as("grants seen by %d ns", t).isLessThanOrEqualTo(allowed);
    }
    assertThat(limiter.waitedNanos()).isPositive();
  }

  @Test
  void rateLimit_pacesThePipelineAndCountsWaitsAsBusy() {
    ManualTicker ticker = new ManualTicker();
    RateLimiter limiter = RateLimiter.of(5, Duration.ofSeconds(1)).withTicker(ticker);
    List<Long> seenAt = Collections.synchronizedList(new ArrayList<>());
    Run<Long> run =
        Pipeline.range(0, 20).rateLimit(limiter).start(item -> seenAt.add(ticker.nanoTime()));
    while (!run.isDone()) {
      ticker.advance(Duration.ofMillis(50));
      run.await(Duration.ofMillis(1));
    }
    assertThat(run.await()).isEqualTo(20);
    for (int i = 0; i < seenAt.size(); i++) {
      // 5 a second, burst 1: item i no earlier than i / 5 s.
      assertThat(seenAt.get(i)).isGreaterThanOrEqualTo(i * 200_000_000L);
    }
    StageMetrics stage = run.metrics().get(1);
    assertThat(stage.name()).isEqualTo("rateLimit");
    assertThat(stage.in()).isEqualTo(20);
    assertThat(stage.out()).isEqualTo(20);
    assertThat(stage.busyNanos()).isPositive();
    assertThat(limiter.waitedNanos()).isGreaterThanOrEqualTo(19 * 200_000_000L - 50_000_000L);
  }

  @Test
  void rateLimit_weighted_takesTheWeightOfEachItem() {
    RateLimiter limiter = RateLimiter.of(1_000_000, Duration.ofSeconds(1)).withBurst(1_000_000);
    List<String> words = List.of("a", "bb", "ccc", "dddd");
    assertThat(Pipeline.from(words).rateLimit(limiter, String::length).toList()).isEqualTo(words);
    assertThat(limiter.granted()).isEqualTo(10);
  }

  @Test
  void rateLimit_sharedByTwoStages_sharesTheRate() {
    ManualTicker ticker = new ManualTicker();
    RateLimiter limiter = RateLimiter.of(10, Duration.ofSeconds(1)).withTicker(ticker);
    Run<Long> run =
        Pipeline.range(0, 10).rateLimit(limiter).buffer(1).rateLimit(limiter).start();
    while (!run.isDone()) {
      ticker.advance(Duration.ofMillis(20));
      run.await(Duration.ofMillis(1));
    }
    assertThat(run.await()).isEqualTo(10);
    assertThat(limiter.granted()).isEqualTo(20);
    // 20 permits at 10 a second, burst 1: the last no earlier than 1.9 s.
    assertThat(ticker.nanoTime()).isGreaterThanOrEqualTo(1_900_000_000L);
  }

  @Test
  void rateLimit_weightBelowOne_failsTheRunNamingTheRule() {
    RateLimiter limiter = RateLimiter.of(10, Duration.ofSeconds(1));
    assertThatThrownBy(() -> Pipeline.of("a", "").rateLimit(limiter, String::length).toList())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("stage 'rateLimit' failed on item #1")
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weight must be >= 1, was 0");
  }

  @Test
  void badArguments_nameTheParameterAndTheRule() {
    assertThatThrownBy(() -> RateLimiter.of(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be >= 1, was 0");
    assertThatThrownBy(() -> RateLimiter.of(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("per must be positive, was PT0S");
    assertThatThrownBy(() -> RateLimiter.of(1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("per must be positive, was PT-1S");
    assertThatThrownBy(() -> RateLimiter.of(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("per");
    RateLimiter limiter = RateLimiter.of(1, Duration.ofSeconds(1));
    assertThatThrownBy(() -> limiter.withBurst(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("burst must be >= 1, was 0");
    assertThatThrownBy(() -> limiter.withTicker(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ticker");
    assertThatThrownBy(() -> limiter.acquire(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight must be >= 1, was 0");
    assertThatThrownBy(() -> Pipeline.of(1).rateLimit(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("limiter");
    assertThatThrownBy(() -> Pipeline.of(1).rateLimit(limiter, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("weight");
  }

  @Test
  void hugePeriods_doNotOverflow() {
    ManualTicker ticker = new ManualTicker();
    RateLimiter limiter =
        RateLimiter.of(1, Duration.ofDays(365 * 1000)).withBurst(Integer.MAX_VALUE).withTicker(ticker);
    assertThat(limiter.reserve(Integer.MAX_VALUE)[1]).isEqualTo(0);
    assertThat(limiter.reserve(1)[1]).isPositive();
  }
}
