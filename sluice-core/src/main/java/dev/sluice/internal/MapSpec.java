package dev.sluice.internal;

import dev.sluice.CheckedFunction;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The description of a concurrent map stage, kept apart from the stage it builds so that
 * {@code retry}, {@code timeout} and {@code deadLetters} can rebuild it with another policy.
 * Exactly one of {@code function} and {@code asyncFunction} is set.
 */
public record MapSpec<T, R>(
    String kind,
    boolean ordered,
    int concurrency,
    int window,
    CheckedFunction<? super T, ? extends R> function,
    Function<? super T, ? extends CompletionStage<? extends R>> asyncFunction,
    Executor executor,
    CallPolicy policy) {

  public MapSpec<T, R> withPolicy(CallPolicy newPolicy) {
    return new MapSpec<>(
        kind, ordered, concurrency, window, function, asyncFunction, executor, newPolicy);
  }

  public Stage toStage() {
    return new Stage.BoundaryStage(
        kind,
        (run, stats) ->
            Boundary.of(
                asyncFunction != null
                    ? MapStage.<T, R>async(
                        run, stats, ordered, concurrency, window, asyncFunction, policy)
                    : MapStage.<T, R>blocking(
                        run, stats, ordered, concurrency, window, function, executor, policy)));
  }
}
