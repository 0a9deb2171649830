package dev.sluice.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * Times entrants: some warm-up rounds, then measured rounds. Each round runs every entrant once,
 * in turn, so that a burst of noise from the rest of the machine lands on all of them rather
 * than on the one that happened to be running; a full GC before each run keeps one entrant's
 * garbage from being collected on another's clock.
 *
 * <p>Each run happens on a runner thread so that a hung run can be given up after a time-out:
 * the entrant is then marked failed and skipped, and a fresh runner takes over.
 */
public final class Rounds implements AutoCloseable {
  private final int warmups;
  private final int measured;
  private final Duration timeout;
  private final PrintStream log;
  private ExecutorService runner = newRunner();

  /**
   * @param warmups unmeasured rounds first
   * @param measured measured rounds
   * @param timeout the longest one run may take
   * @param log where progress goes
   */
  public Rounds(int warmups, int measured, Duration timeout, PrintStream log) {
    this.warmups = warmups;
    this.measured = measured;
    this.timeout = timeout;
    this.log = log;
  }

  /** Runs every entrant {@code warmups + measured} times and returns their samples by label. */
  public Map<String, Samples> run(String workload, List<Entrant> entrants) {
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    for (Entrant entrant : entrants) {
      seconds.put(entrant.label(), new ArrayList<>());
    }
    int rounds = warmups + measured;
    for (int round = 0; round < rounds; round++) {
      boolean warmup = round < warmups;
      StringBuilder line = new StringBuilder();
      line.append(String.format("  %-20s %s %d/%d:", workload, warmup ? "warm-up" : "round  ",
          warmup ? round + 1 : round - warmups + 1, warmup ? warmups : measured));
      for (Entrant entrant : entrants) {
        if (failures.containsKey(entrant.label())) {
          continue;
        }
        try {
          double took = timeOnce(entrant.trial());
          if (!warmup) {
            seconds.get(entrant.label()).add(took);
          }
          line.append(String.format(" %s %.3fs", entrant.label(), took));
        } catch (Exception e) {
          String why = describe(e);
          failures.put(entrant.label(), why);
          line.append(" ").append(entrant.label()).append(" FAILED");
          log.println("  " + entrant.label() + " failed in " + workload + ": " + why);
        }
      }
      log.println(line);
    }
    Map<String, Samples> samples = new LinkedHashMap<>();
    for (Entrant entrant : entrants) {
      samples.put(
          entrant.label(),
          new Samples(List.copyOf(seconds.get(entrant.label())), failures.get(entrant.label())));
    }
    return samples;
  }

  /** Runs a trial once on the runner thread; returns its duration in seconds. */
  public double timeOnce(Trial trial) throws Exception {
    System.gc();
    Future<Double> result =
        runner.submit(
            () -> {
              long start = System.nanoTime();
              trial.run();
              return (System.nanoTime() - start) / 1e9;
            });
    try {
      return result.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      runner.shutdownNow(); // its thread is a daemon: if the run never ends, it cannot hold the JVM
      runner = newRunner();
      throw new TimeoutException("did not finish within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** A one-line account of a failure and its causes. */
  static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      text.append(": ").append(e.getMessage());
    }
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      text.append(" <- ").append(cause.getClass().getSimpleName());
      if (cause.getMessage() != null) {
        text.append(": ").append(cause.getMessage());
      }
    }
    String flat = text.toString().replace('\n', ' ');
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }

  private static ExecutorService newRunner() {
    return Executors.newSingleThreadExecutor(
        task -> {
          Thread thread = new Thread(task, "bench-runner");
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Stops the runner thread. */
  @Override
  public void close() {
    runner.shutdownNow();
  }
}
