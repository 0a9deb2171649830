package dev.sluice.internal;

/**
 * The end of a pipeline: consumes every item in the last segment's thread and yields the result
 * of the terminal operation once the run is over.
 *
 * @param <R> the result type
 */
public abstract class Terminal<R> implements Downstream<Object> {
  /** The result; read only after the run has ended. */
  public abstract R result();

  @Override
  public void complete() {}
}
