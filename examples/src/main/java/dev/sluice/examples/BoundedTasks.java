package dev.sluice.examples;

import dev.sluice.CloseableIterator;
import dev.sluice.Outcome;
import dev.sluice.Pipeline;
import dev.sluice.Tasks;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * Seed 003: {@code run_bounded} over a lazily produced stream of tasks, with a per-task
 * outcome, and {@code batches} over several epochs.
 */
public final class BoundedTasks {
  private BoundedTasks() {}

  public static void run() {
    // Tasks are made one at a time as room frees up; results arrive as they complete.
    var tasks =
        IntStream.range(0, 20)
            .<Callable<Integer>>mapToObj(
                i ->
                    () -> {
                      Thread.sleep(10 + (i * 7) % 30);
                      if (i == 13) {
                        throw new IllegalStateException("task 13 is unlucky");
                      }
                      return i * i;
                    })
            .iterator();
    int ok = 0;
    int failed = 0;
    try (CloseableIterator<Outcome<Integer>> outcomes = Tasks.runBounded(tasks, 4)) {
      while (outcomes.hasNext()) {
        if (outcomes.next() instanceof Outcome.Failure<Integer> failure) {
          failed++;
          System.out.println("failed: " + failure.error().getMessage());
        } else {
          ok++;
        }
      }
    }
    System.out.println("run_bounded: " + ok + " succeeded, " + failed + " failed");

    List<List<Integer>> batches = Pipeline.epochs(List.of(1, 2, 3, 4, 5), 2).batch(3).toList();
    System.out.println("batches over 2 epochs: " + batches);
  }

  public static void main(String[] args) {
    run();
  }
}
