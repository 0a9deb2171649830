package dev.sluice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Plain-text reports on a run's {@linkplain Run#metrics() metrics}: which stage holds the run
 * back. Stateless; thread-safe static methods.
 *
 * {@snippet :
 * Run<Long> run = pipeline.start();
 * ...
 * System.err.println(run.report());
 * // stage        in     out  in flight    queued      p50      p99     busy
 * // from       1290    1290          -         -        -        -        -
 * // parse      1290    1034        0/2   256/256    1.2us    3.1us    0.00s
 * // enrich     1034     774        4/4   260/260   50.1ms   80.3ms   12.37s
 * // drain       774     774          -         -        -        -        -
 * // bottleneck: enrich (4 of 4 workers busy, 256 items waiting for it, nothing waiting after it)
 * }
 *
 * <h2>What "the bottleneck" means here</h2>
 *
 * In a pipeline of bounded hand-offs, the stage that limits the throughput keeps every worker
 * busy, the hand-offs before it fill up (the stages upstream wait for it), and the stages after
 * it starve (they wait for it). From one snapshot, with {@code backlog = queued - inFlight}
 * (items a stage holds that are not in a call: waiting for a worker, or done and waiting to be
 * passed on), a stage S is <b>the bottleneck</b> when all three hold:
 *
 * <ol>
 *   <li><b>its workers are busy</b>: S makes calls ({@code workers > 0}) and {@code inFlight >=
 *       workers};
 *   <li><b>its input hand-off is full</b>: the hand-off that feeds S has a backlog, and, when its
 *       capacity is known, is at least half full. That hand-off is S's own when S has one
 *       ({@code capacity > 0} or {@code queued > 0}), else the nearest one before S: a fused
 *       stage (such as {@code rateLimit}) runs in the thread that drains it;
 *   <li><b>its output is empty</b>: every stage after S starves: its backlog is less than
 *       {@code max(1, workers)}, so it could take more work than it has.
 * </ol>
 *
 * If several stages qualify, the one nearest the terminal is named, since it holds up the
 * others. If none does (the run is starting, ending, or limited by its source or its sink),
 * the report says so and names the <em>busiest</em> stage instead: the greatest busy time per
 * worker since the start, a cumulative measure that does not depend on the moment.
 *
 * <p>Columns: items in and out; calls in flight over workers; items queued over the hand-off's
 * capacity (when the stage declares them); call latency p50 and p99; total busy time. A
 * {@code -} means the stage has no such thing.
 */
public final class Reports {
  private Reports() {}

  /**
   * A table of the stages, one line each, followed by a line naming the bottleneck as defined
   * above.
   *
   * @param stages the metrics of every stage, in pipeline order ({@link Run#metrics()})
   * @return the report, lines separated by {@code \n}
   */
  public static String bottleneck(List<StageMetrics> stages) {
    Objects.requireNonNull(stages, "stages");
    int width = "stage".length();
    for (StageMetrics stage : stages) {
      width = Math.max(width, stage.name().length());
    }
    StringBuilder report = new StringBuilder();
    String format = "%-" + width + "s %8s %8s %10s %13s %9s %9s %9s%n";
    report.append(
        String.format(
            Locale.ROOT, format, "stage", "in", "out", "in flight", "queued", "p50", "p99",
            "busy"));
    for (StageMetrics s : stages) {
      boolean calls = s.workers() > 0 || s.busyNanos() > 0;
      report.append(
          String.format(
              Locale.ROOT,
              format,
              s.name(),
              s.in(),
              s.out(),
              calls ? s.inFlight() + "/" + s.workers() : "-",
              s.capacity() > 0 ? s.queued() + "/" + s.capacity() : s.queued() > 0 ? s.queued() : "-",
              calls ? nanos(s.p50Nanos()) : "-",
              calls ? nanos(s.p99Nanos()) : "-",
              calls ? String.format(Locale.ROOT, "%.2fs", s.busyNanos() / 1e9) : "-"));
    }
    Optional<String> found = bottleneckStage(stages);
    if (found.isPresent()) {
      int i = indexOf(stages, found.get());
      StageMetrics s = stages.get(i);
      StageMetrics feeding = stages.get(feeder(stages, i));
      report.append("bottleneck: ").append(s.name()).append(" (")
          .append(s.inFlight()).append(" of ").append(s.workers()).append(" workers busy, ")
          .append(backlog(feeding)).append(" items waiting for it, nothing waiting after it)");
    } else {
      report.append("bottleneck: none right now (no stage has busy workers, a full input and an empty output)");
      busiest(stages).ifPresent(name -> report.append("; busiest so far: ").append(name));
    }
    return report.toString();
  }

  /**
   * The name of the bottleneck stage as defined above, if one qualifies in this snapshot.
   *
   * @param stages the metrics of every stage, in pipeline order
   * @return the stage's name, or empty
   */
  public static Optional<String> bottleneckStage(List<StageMetrics> stages) {
    Objects.requireNonNull(stages, "stages");
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      if (busy(stages.get(i)) && inputFull(stages, i) && outputEmpty(stages, i)) {
        found.add(i);
      }
    }
    return found.isEmpty() ? Optional.empty() : Optional.of(stages.get(found.getLast()).name());
  }

  /**
   * The stage whose workers were busiest since the start: the greatest busy time per worker.
   *
   * @param stages the metrics of every stage
   * @return the stage's name, or empty when no stage makes calls
   */
  public static Optional<String> busiest(List<StageMetrics> stages) {
    String best = null;
    double most = 0;
    for (StageMetrics s : stages) {
      if (s.busyNanos() <= 0) {
        continue;
      }
      double perWorker = (double) s.busyNanos() / Math.max(1, s.workers());
      if (perWorker > most) {
        most = perWorker;
        best = s.name();
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean busy(StageMetrics s) {
    return s.workers() > 0 && s.inFlight() >= s.workers();
  }

  private static long backlog(StageMetrics s) {
    return s.queued() - s.inFlight();
  }

  private static boolean hasHandOff(StageMetrics s) {
    return s.capacity() > 0 || s.queued() > 0;
  }

  /** The stage whose hand-off feeds stage {@code i}: itself if it has one, else the nearest before. */
  private static int feeder(List<StageMetrics> stages, int i) {
    for (int j = i; j >= 0; j--) {
      if (hasHandOff(stages.get(j))) {
        return j;
      }
    }
    return i;
  }

  private static boolean inputFull(List<StageMetrics> stages, int i) {
    StageMetrics h = stages.get(feeder(stages, i));
    if (backlog(h) <= 0) {
      return false;
    }
    return h.capacity() <= 0 || h.queued() * 2 >= h.capacity();
  }

  private static boolean outputEmpty(List<StageMetrics> stages, int i) {
    for (int j = i + 1; j < stages.size(); j++) {
      StageMetrics s = stages.get(j);
      if (backlog(s) >= Math.max(1, s.workers())) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(List<StageMetrics> stages, String name) {
    for (int i = stages.size() - 1; i >= 0; i--) {
      if (stages.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no stage " + name);
  }

  /** A duration for a table cell: ns, us, ms or s with three significant digits. */
  static String nanos(long nanos) {
    if (nanos < 1_000) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.1fus", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
  }
}
