package dev.sluice.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether memory stays bounded when the sink falls behind: 1 KiB payloads through an ordered map
 * of concurrency 64 into a sink that is slow for its first second, in a child JVM limited to
 * {@code -Xmx128m}, once with 1M items and once with 10M. Target: Sluice completes both, and its
 * peak heap is the same (within 20%) for both sizes: what it holds does not grow with the input.
 *
 * <p>The peak judged is the most heap in use right after a collection: what the run keeps
 * reachable. The peak including garbage is reported too, but not judged: it measures how big the
 * collector lets the young generation grow, which G1 adapts as the run goes on, so it differs by
 * a third between two identical runs and says nothing about the pipeline.
 *
 * <p>Each framework runs in its own child JVMs, so that heap figures are of that framework alone
 * and no earlier workload's garbage or JIT state is counted; the figures come from the child's
 * own memory pools and collectors (see {@link HeapWatch}).
 *
 * <p>Fair because: every framework gets the same heap, source, function, sink and concurrency;
 * its peak heap includes whatever it needs to run at all (Pekko's actor system, for instance),
 * as a user's JVM would.
 */
final class MemoryWorkload implements Workload {
  static final String HEAP = "-Xmx128m";
  static final double TOLERANCE = 0.20;

  private final Duration slowFor;

  MemoryWorkload() {
    this(MemoryRun.SLOW_FOR);
  }

  MemoryWorkload(Duration slowFor) {
    this.slowFor = slowFor;
  }

  @Override
  public String name() {
    return "memory";
  }

  /** One framework's two runs; either may be null with the failure in {@code failure}. */
  private record Pair(MemoryRun.Figures small, MemoryRun.Figures large, String failure) {}

  /** Runs one framework once in a child JVM under the heap limit. */
  MemoryRun.Figures runChild(String framework, long items) throws Exception {
    Duration timeout = Duration.ofSeconds(Math.max(120, items / 20_000));
    ChildJvm.Outcome outcome =
        ChildJvm.run(
            List.of(HEAP, "-XX:+ExitOnOutOfMemoryError", "--sun-misc-unsafe-memory-access=allow",
                "-Djava.awt.headless=true"),
            MemoryChild.class,
            List.of(framework, Long.toString(items), Long.toString(slowFor.toMillis())),
            timeout);
    for (String line : outcome.lines()) {
      MemoryRun.Figures figures = MemoryRun.Figures.parse(line);
      if (figures != null && outcome.exitCode() == 0) {
        return figures;
      }
    }
    String why =
        outcome.exitCode() == -1
            ? "no result within " + timeout.toSeconds() + " s"
            : "child exited with " + outcome.exitCode();
    throw new IllegalStateException(why + ": " + outcome.tail(3));
  }

  @Override
  public WorkloadResult run(Session session) {
    long small = session.options().memorySmall();
    long large = session.options().memoryLarge();
    Map<String, Pair> pairs = new LinkedHashMap<>();
    for (String framework : session.options().frameworks()) {
      MemoryRun.Figures smallRun = null;
      MemoryRun.Figures largeRun = null;
      String failure = null;
      try {
        smallRun = runChild(framework, small);
        session.log().printf("  %-20s %s %,d items: %.2fs, peak used %s, peak after GC %s%n", name(),
            framework, small, smallRun.seconds(), Format.mb(smallRun.peakUsed()), Format.mb(smallRun.peakAfterGc()));
        largeRun = runChild(framework, large);
        session.log().printf("  %-20s %s %,d items: %.2fs, peak used %s, peak after GC %s%n", name(),
            framework, large, largeRun.seconds(), Format.mb(largeRun.peakUsed()), Format.mb(largeRun.peakAfterGc()));
      } catch (Exception e) {
        failure = Rounds.describe(e);
        session.log().println("  " + framework + " failed in memory: " + failure);
      }
      pairs.put(framework, new Pair(smallRun, largeRun, failure));
    }

    List<Row> rows = new ArrayList<>();
    Map<String, double[]> chart = new LinkedHashMap<>();
    for (Map.Entry<String, Pair> entry : pairs.entrySet()) {
      Pair pair = entry.getValue();
      double smallMb = pair.small() == null ? Double.NaN : pair.small().peakAfterGc() / 1048576.0;
      double largeMb = pair.large() == null ? Double.NaN : pair.large().peakAfterGc() / 1048576.0;
      chart.put(entry.getKey(), new double[] {smallMb, largeMb});
      if (pair.failure() != null) {
        String partial = pair.small() == null ? "" : " (" + count(small) + " run: peak after GC "
            + Format.mb(pair.small().peakAfterGc()) + ")";
        rows.add(new Row(entry.getKey(), Double.NaN, "FAILED: " + pair.failure() + partial));
      } else {
        rows.add(
            new Row(
                entry.getKey(),
                large / pair.large().seconds(),
                String.format(
                    "peak after GC %s (%s) / %s (%s) x%.2f; peak used incl. garbage %s / %s; took %s / %s",
                    Format.mb(pair.small().peakAfterGc()), count(small),
                    Format.mb(pair.large().peakAfterGc()), count(large),
                    (double) pair.large().peakAfterGc() / pair.small().peakAfterGc(),
                    Format.mb(pair.small().peakUsed()), Format.mb(pair.large().peakUsed()),
                    Format.seconds(pair.small().seconds()), Format.seconds(pair.large().seconds()))));
      }
    }

    Pair sluice = pairs.get("sluice");
    boolean completed = sluice.failure() == null;
    double growth =
        completed ? (double) sluice.large().peakAfterGc() / sluice.small().peakAfterGc() : Double.NaN;
    boolean pass = completed && Math.abs(growth - 1) <= TOLERANCE;
    String verdict =
        completed
            ? Throughput.word(pass) + ": sluice's peak heap after GC " + Format.mb(sluice.small().peakAfterGc())
                + " for " + count(small) + ", " + Format.mb(sluice.large().peakAfterGc()) + " for "
                + count(large) + " (x" + String.format(java.util.Locale.ROOT, "%.2f", growth) + ")"
            : "MISS: sluice did not complete: " + sluice.failure();
    String description =
        String.format("%s and %s items of 1 KiB, ordered map c=%d, sink slow for %d ms, %s",
            count(small), count(large), MemoryRun.CONCURRENCY, slowFor.toMillis(), HEAP);
    Map<String, String> extras = new LinkedHashMap<>();
    extras.put("small-items", Long.toString(small));
    extras.put("large-items", Long.toString(large));
    extras.put("sluice-peak-small", completed ? Long.toString(sluice.small().peakAfterGc()) : "NaN");
    extras.put("sluice-peak-large", completed ? Long.toString(sluice.large().peakAfterGc()) : "NaN");
    extras.put("sluice-peak-with-garbage-small", completed ? Long.toString(sluice.small().peakUsed()) : "NaN");
    extras.put("sluice-peak-with-garbage-large", completed ? Long.toString(sluice.large().peakUsed()) : "NaN");
    extras.put("growth", Format.plain(growth));
    ChartPanel panel =
        new ChartPanel(name() + " (peak heap after GC)", "MB", List.of(count(small) + " items", count(large) + " items"),
            chart, true, verdict);
    return WorkloadResult.of(
        name(), description, "completes, peak heap after GC same +-20%", rows, pass, verdict, extras, panel);
  }

  /** An item count in short form: 1M, 100k. */
  static String count(long items) {
    if (items >= 1_000_000 && items % 1_000_000 == 0) {
      return items / 1_000_000 + "M";
    }
    if (items >= 1_000 && items % 1_000 == 0) {
      return items / 1_000 + "k";
    }
    return Long.toString(items);
  }
}
