package dev.sluice.jsonl.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.CheckedFunction;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Calls the user's function with bounded retries: up to {@code maxAttempts} calls, waiting
 * {@code backoff * 2^(attempt-1)} (at most {@code maxBackoff}), with full jitter between half
 * and all of it, so many rows failing together do not retry in lockstep. Any exception but an
 * interrupt is retried; the outcome, success or the last failure, is returned, never thrown, so
 * one row's failure never stops the run. An interrupt means the run is stopping and is passed
 * on. (The core has no retry policy yet; when it does, this class goes.) Thread-safe.
 */
public final class Retrier {
  private final int maxAttempts;
  private final long backoffNanos;
  private final long maxBackoffNanos;
  private final LongAdder calls;

  public Retrier(int maxAttempts, Duration backoff, Duration maxBackoff, LongAdder calls) {
    this.maxAttempts = maxAttempts;
    this.backoffNanos = backoff.toNanos();
    this.maxBackoffNanos = maxBackoff.toNanos();
    this.calls = calls;
  }

  /** Either the function's value or its last failure, with how many calls it took. */
  public record Attempted(Object value, Throwable error, int attempts) {
    public boolean ok() {
      return error == null;
    }
  }

  /** Calls a blocking function; blocks through the back-off waits. */
  public Attempted call(CheckedFunction<? super ObjectNode, ?> function, ObjectNode row)
      throws InterruptedException {
    Throwable last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      calls.increment();
      try {
        Object value = function.apply(row);
        if (value == null) {
          throw new NullPointerException("the function returned null");
        }
        return new Attempted(value, null, attempt);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("stopped while calling the function");
        }
        last = e;
      }
      if (attempt < maxAttempts) {
        TimeUnit.NANOSECONDS.sleep(delay(attempt));
      }
    }
    return new Attempted(null, last, maxAttempts);
  }

  /** Calls an asynchronous function; the back-off waits use no thread. */
  public CompletableFuture<Attempted> callAsync(
      Function<? super ObjectNode, ? extends CompletionStage<?>> function, ObjectNode row) {
    CompletableFuture<Attempted> result = new CompletableFuture<>();
    attempt(function, row, 1, result);
    return result;
  }

  private void attempt(
      Function<? super ObjectNode, ? extends CompletionStage<?>> function,
      ObjectNode row,
      int attempt,
      CompletableFuture<Attempted> result) {
    if (result.isDone()) {
      return; // cancelled by the run
    }
    calls.increment();
    CompletionStage<?> stage;
    try {
      stage = function.apply(row);
      if (stage == null) {
        throw new NullPointerException("the function returned a null CompletionStage");
      }
    } catch (RuntimeException e) {
      retryOrFail(function, row, attempt, result, e);
      return;
    }
    stage.whenComplete(
        (value, error) -> {
          Throwable cause = unwrap(error);
          if (cause == null && value == null) {
            cause = new NullPointerException("the function's CompletionStage completed with null");
          }
          if (cause == null) {
            result.complete(new Attempted(value, null, attempt));
          } else {
            retryOrFail(function, row, attempt, result, cause);
          }
        });
  }

  private void retryOrFail(
      Function<? super ObjectNode, ? extends CompletionStage<?>> function,
      ObjectNode row,
      int attempt,
      CompletableFuture<Attempted> result,
      Throwable error) {
    if (attempt >= maxAttempts) {
      result.complete(new Attempted(null, error, attempt));
      return;
    }
    Executor later = CompletableFuture.delayedExecutor(delay(attempt), TimeUnit.NANOSECONDS);
    later.execute(() -> attempt(function, row, attempt + 1, result));
  }

  private static Throwable unwrap(Throwable error) {
    while (error instanceof CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }

  private long delay(int attempt) {
    if (backoffNanos == 0) {
      return 0;
    }
    int doublings = Math.min(attempt - 1, 62 - (63 - Long.numberOfLeadingZeros(backoffNanos)));
    long base = Math.min(backoffNanos << Math.max(0, doublings), maxBackoffNanos);
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }
}
