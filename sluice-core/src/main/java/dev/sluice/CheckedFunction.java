package dev.sluice;

/**
 * A function that may block and may throw. Stages call it with one item at a time per call;
 * a stage with concurrency {@code n} may call it from up to {@code n} threads at once, so it
 * must be thread-safe when {@code n > 1}.
 *
 * <p>An exception thrown here fails the item: by default the whole run stops and the terminal
 * operation throws a {@link PipelineException} whose cause is this exception. Returning
 * {@code null} is an error too, because Sluice streams carry no nulls.
 *
 * @param <T> the input type
 * @param <R> the result type
 */
@FunctionalInterface
public interface CheckedFunction<T, R> {
  /**
   * Computes the result for one item.
   *
   * @param item the item, never null
   * @return the result, never null
   * @throws Exception any failure; {@link InterruptedException} when the run was stopped
   */
  R apply(T item) throws Exception;
}
