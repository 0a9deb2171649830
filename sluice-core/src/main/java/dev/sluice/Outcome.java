package dev.sluice;

import java.util.Objects;

/**
 * The outcome of one task run by {@link Tasks#runBounded}: its value or its exception.
 *
 * @param <T> the value type
 */
public sealed interface Outcome<T> {

  /**
   * Returns the value, or throws the task's exception wrapped in a {@link PipelineException}.
   *
   * @return the value
   */
  T get();

  /**
   * Whether the task completed normally.
   *
   * @return true for a {@link Success}
   */
  boolean isSuccess();

  /**
   * A task that returned a value.
   *
   * @param value the value
   * @param <T> the value type
   */
  record Success<T>(T value) implements Outcome<T> {
    @Override
    public T get() {
      return value;
    }

    @Override
    public boolean isSuccess() {
      return true;
    }
  }

  /**
   * A task that threw.
   *
   * @param error what it threw
   * @param <T> the value type
   */
  record Failure<T>(Throwable error) implements Outcome<T> {
    /**
     * Creates a failure.
     *
     * @param error what the task threw, not null
     */
    public Failure {
      Objects.requireNonNull(error, "error");
    }

    @Override
    public T get() {
      throw new PipelineException("task failed: " + error, error, "runBounded", -1);
    }

    @Override
    public boolean isSuccess() {
      return false;
    }
  }
}
