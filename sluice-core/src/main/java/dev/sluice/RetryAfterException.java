package dev.sluice;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a stage's function to ask for another attempt after a given delay, such as an HTTP
 * 429 or 503 response's {@code Retry-After}. Under a {@link RetryPolicy} the delay wins over
 * the computed back-off; the attempt still counts against {@link RetryPolicy#maxAttempts()}.
 * Without a retry policy it fails the item like any other exception.
 */
public class RetryAfterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Duration delay;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param delay how long to wait before the next attempt; not negative
   * @param cause the underlying failure, or null
   */
  public RetryAfterException(String message, Duration delay, Throwable cause) {
    super(message, cause);
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
    this.delay = delay;
  }

  /**
   * How long to wait before the next attempt.
   *
   * @return the delay
   */
  public Duration delay() {
    return delay;
  }
}
