package dev.sluice.examples;

import dev.sluice.DeadLetter;
import dev.sluice.Pipeline;
import dev.sluice.Progress;
import dev.sluice.RateLimiter;
import dev.sluice.RetryAfterException;
import dev.sluice.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calling a flaky service with a quota: some calls fail once, some ask to come back later (HTTP
 * 429), some hang, and a few items are rejected for good. A rate limit keeps to the quota;
 * retries, a timeout and dead letters let the run finish with every item either done or set
 * aside with its reason; progress lines show how it goes.
 */
public final class FlakyService {
  private final Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();

  /** The service: deterministic faults, keyed by the item, so the example always ends the same. */
  String lookup(int id) throws Exception {
    int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    if (id % 97 == 0) {
      throw new IllegalArgumentException("no such record: " + id);
    }
    if (id % 10 == 1 && attempt == 1) {
      throw new IOException("connection reset");
    }
    if (id % 25 == 2 && attempt == 1) {
      throw new RetryAfterException("429 Too Many Requests", Duration.ofMillis(20), null);
    }
    if (id % 50 == 3 && attempt == 1) {
      Thread.sleep(60_000); // hangs: the timeout cuts it and the retry succeeds
    }
    Thread.sleep(1);
    return "record-" + id;
  }

  /** Runs the example; returns {done, dead letters}. */
  public static long[] run() {
    FlakyService service = new FlakyService();
    // example: error-policies
    List<DeadLetter<?>> rejected = new ArrayList<>();
    RateLimiter quota = RateLimiter.of(2_000, Duration.ofSeconds(1)).withBurst(100);
    long done =
        Pipeline.range(1, 1001)
            .withProgress(Progress.lines(System.out, Duration.ofSeconds(1)))
            .map(Long::intValue)
            .rateLimit(quota)
            .mapConcurrent(16, service::lookup)
            .timeout(Duration.ofMillis(200))
            .retry(RetryPolicy.builder()
                .maxAttempts(3)
                .backoff(Duration.ofMillis(10), Duration.ofSeconds(1))
                .retryOn(IOException.class, java.util.concurrent.TimeoutException.class)
                .build())
            .deadLetters(rejected::add)
            .count();
    System.out.println(done + " done, " + rejected.size() + " rejected, e.g. " + rejected.getFirst().error().getMessage());
    // end example
    return new long[] {done, rejected.size()};
  }

  public static void main(String[] args) {
    run();
  }
}
