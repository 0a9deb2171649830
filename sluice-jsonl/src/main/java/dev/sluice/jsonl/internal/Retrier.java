package dev.sluice.jsonl.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.CheckedFunction;
import dev.sluice.RetryPolicy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Calls the user's function for one row, retrying as the core's {@link RetryPolicy} says (its
 * attempts, back-off with jitter, chosen failures and Retry-After). The outcome, success or the
 * last failure with the number of calls, is returned, never thrown, so one row's failure never
 * stops the run. An interrupt means the run is stopping and is passed on. Thread-safe.
 */
public final class Retrier {
  private final RetryPolicy policy;
  private final LongAdder calls;

  public Retrier(RetryPolicy policy, LongAdder calls) {
    this.policy = policy;
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
    for (int attempt = 1; ; attempt++) {
      calls.increment();
      Exception failure;
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
        failure = e;
      }
      if (!policy.shouldRetry(failure, attempt)) {
        return new Attempted(null, failure, attempt);
      }
      TimeUnit.NANOSECONDS.sleep(policy.delayAfter(failure, attempt).toNanos());
    }
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
    if (!policy.shouldRetry(error, attempt)) {
      result.complete(new Attempted(null, error, attempt));
      return;
    }
    long delay = policy.delayAfter(error, attempt).toNanos();
    Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS);
    later.execute(() -> attempt(function, row, attempt + 1, result));
  }

  private static Throwable unwrap(Throwable error) {
    while (error instanceof CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }
}
