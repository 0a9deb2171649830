package dev.sluice.examples;

import dev.sluice.Pipeline;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 001's three-level computation tree: each level fans out to three children, gathers their
 * results, then runs a CPU-bound step on a shared pool of 10 threads. Level C's steps take one
 * unit, B's two and A's three, so the whole tree takes about six units: the sum of the levels,
 * not their product, because every level's fan-out runs concurrently.
 */
public final class ComputationTree {
  private final ExecutorService pool;
  private final long unitMillis;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostRunning = new AtomicInteger();

  public ComputationTree(ExecutorService pool, long unitMillis) {
    this.pool = pool;
    this.unitMillis = unitMillis;
  }

  /** The most CPU steps that ran at once. */
  public int mostRunning() {
    return mostRunning.get();
  }

  public double levelA(double data) throws Exception {
    List<Double> results = Pipeline.of(data, 2 * data, 3 * data).mapConcurrent(3, this::levelB).toList();
    return cpuBound(3, results);
  }

  double levelB(double data) throws Exception {
    List<Double> results =
        Pipeline.of(data / 2, data / 4, data / 7).mapConcurrent(3, this::levelC).toList();
    return cpuBound(2, results);
  }

  double levelC(double data) throws Exception {
    return cpuBound(1, List.of(data));
  }

  /** A stand-in for a long CPU-bound step: sums the data after {@code units} of work. */
  private double cpuBound(int units, List<Double> data) throws Exception {
    Future<Double> result =
        pool.submit(
            () -> {
              mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              try {
                Thread.sleep(units * unitMillis);
                return data.stream().mapToDouble(Double::doubleValue).sum();
              } finally {
                running.decrementAndGet();
              }
            });
    return result.get();
  }

  public static void run() throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
      ComputationTree tree = new ComputationTree(pool, 100);
      long start = System.nanoTime();
      double result = tree.levelA(2.5);
      System.out.printf(
          "Completed (%s) in %.2f seconds (levels of 0.1 + 0.2 + 0.3 s; at most %d CPU steps at once)%n",
          result, (System.nanoTime() - start) / 1e9, tree.mostRunning());
    }
  }

  public static void main(String[] args) throws Exception {
    run();
  }
}
