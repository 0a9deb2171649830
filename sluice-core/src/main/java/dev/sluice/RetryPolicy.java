package dev.sluice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;

/**
 * When and how soon a stage calls its function again for an item that failed: up to {@link
 * #maxAttempts()} attempts, with exponential back-off and full jitter between them. Immutable
 * and thread-safe; one policy may serve many stages.
 *
 * {@snippet :
 * RetryPolicy retry = RetryPolicy.builder()
 *     .maxAttempts(5)
 *     .backoff(Duration.ofMillis(100), Duration.ofSeconds(10))
 *     .retryOn(IOException.class, TimeoutException.class)
 *     .build();
 * }
 *
 * <p>The delay before attempt {@code n + 1} is drawn uniformly from {@code [0, min(maxDelay,
 * baseDelay * 2^(n-1))]} ("full jitter"), unless the failure is a {@link RetryAfterException},
 * whose delay is used as is. Waiting parks the worker's virtual thread (or, for {@code
 * mapAsync}, holds no thread at all); the item keeps its place in the stage's concurrency bound
 * while it waits. {@link InterruptedException} and errors ({@link Error}) are never retried.
 */
public final class RetryPolicy {
  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Predicate<Throwable> retryable;
  private final DoubleSupplier random;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.baseDelay = builder.baseDelay;
    this.maxDelay = builder.maxDelay;
    this.retryable = builder.retryable();
    this.random = builder.random;
  }

  /**
   * A builder with the defaults: 3 attempts, back-off from 100 ms up to 10 s, every {@link
   * Exception} retried.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A policy of {@code maxAttempts} attempts with the default back-off, retrying any exception.
   *
   * @param maxAttempts attempts in all, the first included; at least 1
   * @return the policy
   * @throws IllegalArgumentException if {@code maxAttempts < 1}
   */
  public static RetryPolicy attempts(int maxAttempts) {
    return builder().maxAttempts(maxAttempts).build();
  }

  /**
   * Attempts in all, the first included.
   *
   * @return the most attempts
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Whether a failure of attempt {@code attempt} should be followed by another attempt.
   *
   * @param failure what the attempt threw
   * @param attempt the 1-based attempt that failed
   * @return true to try again
   */
  public boolean shouldRetry(Throwable failure, int attempt) {
    if (attempt >= maxAttempts || failure instanceof Error || failure instanceof InterruptedException) {
      return false;
    }
    return failure instanceof RetryAfterException || retryable.test(failure);
  }

  /**
   * The delay before the attempt after {@code attempt} failed with {@code failure}.
   *
   * @param failure what the attempt threw
   * @param attempt the 1-based attempt that failed
   * @return how long to wait
   */
  public Duration delayAfter(Throwable failure, int attempt) {
    if (failure instanceof RetryAfterException retryAfter) {
      return retryAfter.delay();
    }
    long base = baseDelay.toNanos();
    long ceiling = maxDelay.toNanos();
    int doublings = Math.min(attempt - 1, 62);
    long exponential = base > (ceiling >> doublings) ? ceiling : Math.min(ceiling, base << doublings);
    return Duration.ofNanos((long) (random.getAsDouble() * exponential));
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", backoff=" + baseDelay + ".." + maxDelay + "]";
  }

  /** Builds a {@link RetryPolicy}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration baseDelay = Duration.ofMillis(100);
    private Duration maxDelay = Duration.ofSeconds(10);
    private final List<Class<? extends Throwable>> retryOn = new ArrayList<>();
    private Predicate<Throwable> retryIf;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

    private Builder() {}

    /**
     * Attempts in all, the first included. Default 3.
     *
     * @param maxAttempts at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The exponential back-off: the delay bound starts at {@code baseDelay} and doubles per
     * attempt up to {@code maxDelay}. Defaults 100 ms and 10 s.
     *
     * @param baseDelay the first delay bound; not negative
     * @param maxDelay the largest delay bound; at least {@code baseDelay}
     * @return this builder
     * @throws IllegalArgumentException if a delay is negative or {@code baseDelay > maxDelay}
     */
    public Builder backoff(Duration baseDelay, Duration maxDelay) {
      Objects.requireNonNull(baseDelay, "baseDelay");
      Objects.requireNonNull(maxDelay, "maxDelay");
      if (baseDelay.isNegative()) {
        throw new IllegalArgumentException("baseDelay must not be negative, was " + baseDelay);
      }
      if (baseDelay.compareTo(maxDelay) > 0) {
        throw new IllegalArgumentException(
            "baseDelay must be <= maxDelay, was " + baseDelay + " > " + maxDelay);
      }
      this.baseDelay = baseDelay;
      this.maxDelay = maxDelay;
      return this;
    }

    /**
     * Retries only failures of these types (and their subtypes). Default: every {@link
     * Exception}.
     *
     * @param types the exception types
     * @return this builder
     */
    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... types) {
      for (Class<? extends Throwable> type : types) {
        retryOn.add(Objects.requireNonNull(type, "types"));
      }
      return this;
    }

    /**
     * Retries only failures the predicate accepts (combined with {@link #retryOn} by "or").
     *
     * @param predicate which failures to retry
     * @return this builder
     */
    public Builder retryIf(Predicate<Throwable> predicate) {
      this.retryIf = Objects.requireNonNull(predicate, "predicate");
      return this;
    }

    /**
     * The source of jitter, uniform in [0, 1); for tests.
     *
     * @param random the source
     * @return this builder
     */
    public Builder jitter(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }

    private Predicate<Throwable> retryable() {
      if (retryOn.isEmpty() && retryIf == null) {
        return failure -> failure instanceof Exception;
      }
      List<Class<? extends Throwable>> types = List.copyOf(retryOn);
      Predicate<Throwable> predicate = retryIf;
      return failure ->
          types.stream().anyMatch(type -> type.isInstance(failure))
              || (predicate != null && predicate.test(failure));
    }
  }
}
