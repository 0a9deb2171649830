package dev.sluice.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.RateLimiter;
import dev.sluice.RetryAfterException;
import dev.sluice.cli.options.Rate;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RowRunnerTest {
  private static final ObjectNode ROW = JsonNodeFactory.instance.objectNode();

  /** A caller that fails its first {@code failures} attempts with the given exception. */
  private static final class Flaky implements Caller {
    final AtomicInteger attempts = new AtomicInteger();
    final int failures;
    final Exception failure;

    Flaky(int failures, Exception failure) {
      this.failures = failures;
      this.failure = failure;
    }

    @Override
    public JsonNode call(ObjectNode row) throws Exception {
      if (attempts.incrementAndGet() <= failures) {
        throw failure;
      }
      return IntNode.valueOf(42);
    }

    @Override
    public void close() {}
  }

  private static RowRunner runner(Caller caller, int retries, CallStats stats, StopSignal stop) {
    return new RowRunner(caller, retries, Duration.ofMillis(1), null, stop, stats, 1000, m -> {});
  }

  /** What the file job does with a row: attempts, retried as the runner's policy says. */
  private static JsonNode row(RowRunner runner) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return runner.apply(ROW);
      } catch (Exception e) {
        if (!runner.policy().shouldRetry(e, attempt)) {
          throw e;
        }
        Thread.sleep(runner.policy().delayAfter(e, attempt));
      }
    }
  }

  @Test
  void retriesTransientFailuresUpToTheLimit() throws Exception {
    CallStats stats = new CallStats();
    Flaky flaky = new Flaky(2, new IOException("reset"));
    assertThat(row(runner(flaky, 2, stats, new StopSignal()))).isEqualTo(IntNode.valueOf(42));
    assertThat(flaky.attempts).hasValue(3);
    assertThat(stats.retries.sum()).isEqualTo(2);
    assertThat(stats.calls.sum()).isEqualTo(3);

    Flaky hopeless = new Flaky(10, new IOException("reset"));
    CallStats failing = new CallStats();
    assertThatThrownBy(() -> row(runner(hopeless, 2, failing, new StopSignal())))
        .hasToString("java.io.IOException: reset");
    assertThat(hopeless.attempts).hasValue(3);
    assertThat(failing.retries.sum()).isEqualTo(2);
    assertThat(failing.failed.sum()).isEqualTo(1);
  }

  @Test
  void permanentFailuresAreNotRetried() {
    Flaky notFound = new Flaky(10, new PermanentFailure("HTTP 404: gone"));
    CallStats stats = new CallStats();
    assertThatThrownBy(() -> row(runner(notFound, 5, stats, new StopSignal())))
        .hasToString("HTTP 404: gone");
    assertThat(notFound.attempts).hasValue(1);
    assertThat(stats.failed.sum()).isEqualTo(1);
  }

  @Test
  void retryAfterIsHonouredAndCounted() throws Exception {
    CallStats stats = new CallStats();
    Flaky throttled = new Flaky(1, new RetryAfterException("429", Duration.ofMillis(300), null));
    long start = System.nanoTime();
    row(runner(throttled, 1, stats, new StopSignal()));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(stats.retryAfters.sum()).isEqualTo(1);
  }

  @Test
  void aStoppingJobStartsNoNewCall() throws Exception {
    StopSignal stop = new StopSignal();
    stop.requestStop();
    Flaky caller = new Flaky(0, null);
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        row(runner(caller, 0, new CallStats(), stop));
      } catch (Exception e) {
        // interrupted, as expected
      }
    });
    assertThat(stop.awaitIdle(Duration.ofSeconds(5))).isTrue();
    t.interrupt();
    t.join();
    assertThat(caller.attempts).hasValue(0);
  }

  @Test
  void everyRowFailingStopsTheJobButLaterFailuresDoNot() throws Exception {
    java.util.List<String> told = new java.util.ArrayList<>();
    RowRunner broken = new RowRunner(new Flaky(100, new PermanentFailure("HTTP 401: bad token")),
        0, Duration.ofMillis(1), null, new StopSignal(), new CallStats(), 3, told::add);
    for (int i = 0; i < 5; i++) {
      try {
        row(broken);
      } catch (PermanentFailure expected) {
        // every row fails
      }
    }
    assertThat(told).hasSize(1);
    assertThat(told.getFirst()).contains("the first 3 rows all failed").contains("HTTP 401: bad token");

    told.clear();
    Flaky worksOnce = new Flaky(0, null);
    RowRunner fine = new RowRunner(worksOnce, 0, Duration.ofMillis(1), null, new StopSignal(),
        new CallStats(), 3, told::add);
    row(fine);
    assertThat(told).isEmpty();
  }

  @Test
  void rateLimiterSpacesCallsAndCountsTheWait() throws Exception {
    RateLimiter limiter = Rate.parse("20/s").limiter();
    long start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      limiter.acquire();
    }
    // Five permits at 20/s: the last comes no sooner than 4 intervals of 50 ms after the first.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(195));
    assertThat(limiter.waitedNanos()).isPositive();
  }

  @Test
  void latencyPercentiles() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 1; i <= 100; i++) {
      h.record(i * 1_000_000L);
    }
    assertThat(h.percentile(0.5)).isBetween(48_000_000L, 53_000_000L);
    assertThat(h.percentile(0.99)).isBetween(97_000_000L, 104_000_000L);
    assertThat(new LatencyHistogram().percentile(0.5)).isZero();
  }
}
