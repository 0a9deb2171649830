package dev.sluice.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.RateLimiter;
import dev.sluice.RetryAfterException;
import dev.sluice.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A row's whole life in the CLI: wait for the rate limiter, call, and retry as the core's
 * {@link RetryPolicy} says (its back-off with jitter, and a server's Retry-After through {@link
 * RetryAfterException}); {@link PermanentFailure}s are not retried. Every attempt takes a
 * permit of the core's {@link RateLimiter}, retries included, because each is a request. The
 * file job is told to make one attempt only, because its own retrier retries every exception and
 * knows nothing of Retry-After. A stopping job ({@link StopSignal}) starts no new attempt. Thread-safe.
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

  @Override
  public JsonNode apply(ObjectNode row) throws Exception {
    for (int attempt = 1; ; attempt++) {
      if (limiter != null) {
        stop.checkpoint();
        limiter.acquire();
      }
      Exception failure;
      stop.enter();
      try {
        stats.calls.increment();
        long started = System.nanoTime();
        try {
          JsonNode result = caller.call(row);
          stats.latency.record(System.nanoTime() - started);
          stats.succeeded.increment();
          failuresInARow.set(0);
          return result;
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          stats.latency.record(System.nanoTime() - started);
          failure = e;
        }
      } finally {
        stop.exit();
      }
      if (!policy.shouldRetry(failure, attempt)) {
        stats.failed.increment();
        hopeless(failure);
        // The file job records one attempt (it makes one call of this function), so the
        // errors file learns of the real count from the message.
        throw attempt == 1 ? failure : new RowFailure(failure + " (after " + attempt + " attempts)", failure);
      }
      // A stopping job makes no new attempt: the row parks until the job is interrupted and
      // the next run redoes it, instead of recording a failure a retry might have fixed.
      stop.checkpoint();
      stats.retries.increment();
      if (failure instanceof RetryAfterException) {
        stats.retryAfters.increment();
      }
      TimeUnit.NANOSECONDS.sleep(policy.delayAfter(failure, attempt).toNanos());
      stop.checkpoint();
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
