package dev.sluice.internal;

import dev.sluice.CheckedConsumer;
import dev.sluice.DeadLetter;
import dev.sluice.RetryPolicy;
import java.time.Duration;

/**
 * What a concurrent stage does when a call fails or overruns: retry, time out, or hand the item
 * to a dead-letter sink. Any part may be null (absent). The dead-letter sink is called under a
 * lock, one call at a time, so it need not be thread-safe.
 */
public record CallPolicy(
    RetryPolicy retry, Duration timeout, CheckedConsumer<? super DeadLetter<?>> deadLetters) {

  public static final CallPolicy NONE = new CallPolicy(null, null, null);

  public CallPolicy withRetry(RetryPolicy policy) {
    return new CallPolicy(policy, timeout, deadLetters);
  }

  public CallPolicy withTimeout(Duration limit) {
    return new CallPolicy(retry, limit, deadLetters);
  }

  public CallPolicy withDeadLetters(CheckedConsumer<? super DeadLetter<?>> sink) {
    return new CallPolicy(retry, timeout, sink);
  }

  boolean isNone() {
    return retry == null && timeout == null && deadLetters == null;
  }

  boolean shouldRetry(Throwable failure, int attempt) {
    return retry != null && retry.shouldRetry(failure, attempt);
  }

  /** Hands a failed item to the dead-letter sink; a failure of the sink fails the run. */
  synchronized void deliver(DeadLetter<?> letter, StageStats stats) {
    try {
      deadLetters.accept(letter);
    } catch (Throwable e) {
      throw Failures.onItem(
          stats, letter.position(), letter.item(), new IllegalStateException("the dead-letter sink failed", e));
    }
  }
}
