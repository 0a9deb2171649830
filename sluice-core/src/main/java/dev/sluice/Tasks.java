package dev.sluice;

import dev.sluice.internal.Failures;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs a lazily produced stream of tasks with bounded concurrency: seed 003's {@code
 * run_bounded}. Thread-safe static methods.
 *
 * {@snippet :
 * Iterator<Callable<String>> tasks = lines.stream().map(line -> (Callable<String>) () -> fetch(line)).iterator();
 * try (CloseableIterator<Outcome<String>> results = Tasks.runBounded(tasks, 10)) {
 *   while (results.hasNext()) {
 *     Outcome<String> outcome = results.next();   // in completion order
 *   }
 * }
 * }
 *
 * <p>Laziness: the task iterator is read from one thread, only as tasks can start. At any
 * moment at most {@code limit} tasks run, and at most {@code limit + 3} tasks have been taken
 * from the iterator beyond the outcomes the consumer has received ({@code limit} in the stage,
 * one finished outcome waiting for the consumer, one being handed over, one task taken and
 * waiting to start).
 *
 * <p>Errors: a task that throws yields an {@link Outcome.Failure}; the other tasks go on. An
 * iterator that throws fails the run: {@code hasNext()} throws a {@link PipelineException}.
 * Closing the results before the end cancels the running tasks (interrupting them) and stops
 * reading the task iterator.
 */
public final class Tasks {
  private Tasks() {}

  /**
   * Runs blocking tasks, each on a virtual thread, at most {@code limit} at a time.
   *
   * @param tasks the tasks, produced lazily; none null
   * @param limit the most tasks running at once; at least 1
   * @param <T> the value type
   * @return the outcomes as the tasks complete; close it to cancel
   * @throws IllegalArgumentException if {@code limit < 1}
   */
  public static <T> CloseableIterator<Outcome<T>> runBounded(
      Iterator<? extends Callable<? extends T>> tasks, int limit) {
    Objects.requireNonNull(tasks, "tasks");
    Pipeline.requireAtLeast("limit", limit, 1);
    return Pipeline.<Callable<? extends T>>from(tasks)
        .<Outcome<T>>concurrentMap("runBounded", false, limit, Tasks::call, null, limit)
        .iterator(1);
  }

  /**
   * Runs asynchronous tasks, at most {@code limit} pending at a time; each supplier starts its
   * task and returns the stage that completes with it.
   *
   * @param tasks the tasks, produced lazily; none null
   * @param limit the most tasks pending at once; at least 1
   * @param <T> the value type
   * @return the outcomes as the tasks complete; close it to cancel pending tasks
   * @throws IllegalArgumentException if {@code limit < 1}
   */
  public static <T> CloseableIterator<Outcome<T>> runBoundedAsync(
      Iterator<? extends Supplier<? extends CompletionStage<? extends T>>> tasks, int limit) {
    Objects.requireNonNull(tasks, "tasks");
    Pipeline.requireAtLeast("limit", limit, 1);
    return Pipeline.<Supplier<? extends CompletionStage<? extends T>>>from(tasks)
        .<Outcome<T>>asyncMap("runBoundedAsync", false, limit, Tasks::start, limit)
        .iterator(1);
  }

  private static <T> Outcome<T> call(Callable<? extends T> task) throws InterruptedException {
    try {
      return new Outcome.Success<>(task.call());
    } catch (InterruptedException e) {
      throw e; // the run is stopping: not an outcome of the task
    } catch (Exception e) {
      return new Outcome.Failure<>(e);
    }
  }

  private static <T> CompletionStage<Outcome<T>> start(
      Supplier<? extends CompletionStage<? extends T>> task) {
    CompletionStage<? extends T> stage;
    try {
      stage = task.get();
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(new Outcome.Failure<>(e));
    }
    CompletableFuture<Outcome<T>> outcome = new CompletableFuture<>();
    stage.whenComplete(
        (value, error) ->
            outcome.complete(
                error == null
                    ? new Outcome.Success<>(value)
                    : new Outcome.Failure<>(Failures.unwrap(error))));
    // Cancelling the run cancels the outcome; pass that on to the task itself.
    outcome.whenComplete(
        (ignored, error) -> {
          if (outcome.isCancelled()) {
            stage.toCompletableFuture().cancel(true);
          }
        });
    return outcome;
  }
}
