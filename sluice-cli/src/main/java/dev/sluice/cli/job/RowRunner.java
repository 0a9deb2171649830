package dev.sluice.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.RateLimiter;
import dev.sluice.RetryAfterException;
import dev.sluice.RetryPolicy;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One attempt at a row, as the file job asks for it: wait for the rate limiter (every attempt
 * takes a permit of the core's {@link RateLimiter}, retries included, because each is a
 * request), then call. The file job retries failed attempts as {@link #policy()} says (the
 * core's {@link RetryPolicy}: back-off with jitter, a server's Retry-After through {@link
 * RetryAfterException}, and {@link PermanentFailure}s never), so its errors file counts the real
 * attempts. This class follows each row's attempts with the same policy, to count retries and
 * rows that failed for good. A stopping job ({@link StopSignal}) starts no new attempt.
 * Thread-safe.
 */
public final class RowRunner implements RowFunction {
  private final Caller caller;
  private final RetryPolicy policy;
  private final RateLimiter limiter;
  private final StopSignal stop;
  private final CallStats stats;
  private final Consumer<String> onHopeless;
  private final int hopelessAfter;
  private final AtomicLong failuresInARow = new AtomicLong();
  private final AtomicBoolean told = new AtomicBoolean();
  /**
   * Attempts so far of the rows being tried, by row object: the file job hands the same row to
   * every attempt. Only rows in flight are here, so it stays as small as the concurrency.
   */
  private final Map<ObjectNode, Integer> attempts = new IdentityHashMap<>();
  private volatile long knownFailures;

  /**
   * Creates a runner.
   *
   * @param caller makes each attempt
   * @param retries attempts after the first
   * @param backoff the first back-off bound (doubling up to 30 s)
   * @param limiter the rate limiter, or null for none
   * @param stop the graceful stop
   * @param stats where calls are counted
   * @param hopelessAfter how many rows in a row may fail, before any row succeeded, until the
   *     job is deemed misconfigured (wrong URL, bad token, broken command)
   * @param onHopeless told once when that happens, with a message naming the last error
   */
  public RowRunner(
      Caller caller,
      int retries,
      Duration backoff,
      RateLimiter limiter,
      StopSignal stop,
      CallStats stats,
      int hopelessAfter,
      Consumer<String> onHopeless) {
    this.caller = caller;
    Duration max = backoff.compareTo(Duration.ofSeconds(30)) > 0 ? backoff : Duration.ofSeconds(30);
    this.policy =
        RetryPolicy.builder()
            .maxAttempts(retries + 1)
            .backoff(backoff, max)
            .retryIf(e -> e instanceof Exception && !(e instanceof PermanentFailure))
            .build();
    this.limiter = limiter;
    this.stop = stop;
    this.stats = stats;
    this.hopelessAfter = hopelessAfter;
    this.onHopeless = onHopeless;
  }

  /**
   * How the file job retries a row's failed attempts.
   *
   * @return the policy
   */
  public RetryPolicy policy() {
    return policy;
  }

  @Override
  public JsonNode apply(ObjectNode row) throws Exception {
    // A stopping job makes no new attempt: the row parks until the job is interrupted and the
    // next run redoes it, instead of recording a failure a retry might have fixed.
    stop.checkpoint();
    if (limiter != null) {
      limiter.acquire();
    }
    int attempt;
    synchronized (attempts) {
      attempt = attempts.merge(row, 1, Integer::sum);
    }
    stop.enter();
    try {
      stats.calls.increment();
      long started = System.nanoTime();
      try {
        JsonNode result = caller.call(row);
        stats.latency.record(System.nanoTime() - started);
        stats.succeeded.increment();
        failuresInARow.set(0);
        forget(row);
        return result;
      } catch (InterruptedException e) {
        forget(row);
        throw e;
      } catch (Exception e) {
        stats.latency.record(System.nanoTime() - started);
        failed(row, e, attempt);
        throw e;
      }
    } finally {
      stop.exit();
    }
  }

  /** Counts a failed attempt: a retry to come, or a row failed for good. */
  private void failed(ObjectNode row, Exception failure, int attempt) {
    if (policy.shouldRetry(failure, attempt)) {
      stats.retries.increment();
      if (failure instanceof RetryAfterException) {
        stats.retryAfters.increment();
      }
      return;
    }
    forget(row);
    stats.failed.increment();
    hopeless(failure);
  }

  private void forget(ObjectNode row) {
    synchronized (attempts) {
      attempts.remove(row);
    }
  }

  /**
   * Tells how many rows failed in the last run and are retried by this one: those may well
   * fail again (a rerun of only the bad rows), so failing them is no sign of a broken job.
   *
   * @param rows the rows from the errors file
   */
  public void retryingKnownFailures(long rows) {
    knownFailures = rows;
  }

  /**
   * When every row so far has failed, the job, not the rows, is likely wrong: rather than fail
   * a million rows with the same 401, stop after a few and say so. Once any row succeeded,
   * failures are the rows' own and never stop the job; nor do the rows that failed last time
   * failing again.
   */
  private void hopeless(Exception failure) {
    long n = failuresInARow.incrementAndGet();
    if (stats.succeeded.sum() == 0 && n >= hopelessAfter && n > knownFailures
        && told.compareAndSet(false, true)) {
      onHopeless.accept("the first " + n + " rows all failed and none succeeded,"
          + " so the job itself looks wrong (URL, credentials, command), not the rows. Last"
          + " error: " + failure + ". Fix it and rerun; the failed rows are retried.");
    }
  }
}
