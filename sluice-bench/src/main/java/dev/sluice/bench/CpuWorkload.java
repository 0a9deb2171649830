package dev.sluice.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the CPU stage really uses every core: a function doing about 50 µs of CPU work, run
 * on a pool of one thread and on a pool of one thread per core, in input order. Target: Sluice's
 * speed-up from one thread to all cores at least 1.8x on 2 cores (0.9x per core elsewhere).
 *
 * <p>Fair because: every framework runs the same fixed amount of work per item (calibrated once,
 * before any run) on platform-thread pools of the same sizes: Sluice's shared CPU pool and an
 * executor of one thread, Reactor's {@code Schedulers.newParallel}, and fixed thread pools for
 * RxJava and Pekko. Gatherers cannot be given a pool, so its concurrency is bounded instead.
 */
final class CpuWorkload implements Workload {
  static final long ITEMS = 10_000;
  static final double MICROS = 50;
  static final double TARGET_PER_CORE = 0.9;

  @Override
  public String name() {
    return "cpu";
  }

  /** Runs once on a contender with a pool of {@code threads} and checks the results. */
  static void runOnce(Contender contender, long items, int threads, CpuWork work) {
    Tally tally = new Tally();
    contender.mapCpu(Items.longs(items), threads, work, tally);
    tally.verify(items, Tally.sumOfRange(1, items), true);
  }

  /**
   * Runs {@code body} and returns how many cores this JVM kept busy on average meanwhile (process
   * CPU time over wall time). On an idle machine a pool of two that is fed well shows about 2; a
   * lower figure means the framework left a thread idle, or other processes took the cores.
   */
  static double coresBusy(Trial body) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    body.run();
    long wall = System.nanoTime() - start;
    return (double) (os.getProcessCpuTime() - cpuStart) / wall;
  }

  @Override
  public WorkloadResult run(Session session) {
    long items = session.options().scaled(ITEMS);
    int cores = Runtime.getRuntime().availableProcessors();
    CpuWork work = CpuWork.calibrated(MICROS);
    session.log().printf("  cpu: %d steps of work per item (about %.0f us on this machine)%n",
        work.steps(), MICROS);
    Map<String, List<Double>> busy = new LinkedHashMap<>();
    List<Entrant> entrants = new ArrayList<>();
    for (Contender contender : session.contenders()) {
      for (String variant : List.of("/1", "/all")) {
        String label = contender.name() + variant;
        int threads = variant.equals("/1") ? 1 : cores;
        List<Double> cpu = busy.computeIfAbsent(label, k -> new ArrayList<>());
        entrants.add(new Entrant(label, () -> cpu.add(coresBusy(() -> runOnce(contender, items, threads, work)))));
      }
    }
    Map<String, Samples> samples = session.rounds().run(name(), entrants);

    List<Row> rows = new ArrayList<>();
    Map<String, double[]> chart = new LinkedHashMap<>();
    double sluiceSpeedup = Double.NaN;
    for (Contender contender : session.contenders()) {
      Samples one = samples.get(contender.name() + "/1");
      Samples all = samples.get(contender.name() + "/all");
      double oneRate = one.itemsPerSecond(items);
      double allRate = all.itemsPerSecond(items);
      double speedup = allRate / oneRate;
      String note;
      if (one.failed() || all.failed()) {
        note = "FAILED: " + (one.failed() ? one.failure() : all.failure());
        allRate = Double.NaN;
      } else {
        note = String.format(
            "1 thread %s/s, %d threads %s/s, speed-up %s, %.1f us per item on 1 thread;"
                + " cores busy %.2f / %.2f",
            Format.rate(oneRate), cores, Format.rate(allRate), Format.ratio(speedup),
            one.medianSeconds() / items * 1e6,
            Samples.median(busy.get(contender.name() + "/1")),
            Samples.median(busy.get(contender.name() + "/all")));
      }
      if (contender.name().equals("sluice")) {
        sluiceSpeedup = speedup;
      }
      rows.add(new Row(contender.name(), allRate, note));
      chart.put(contender.name(), new double[] {oneRate, allRate});
    }
    double target = TARGET_PER_CORE * cores;
    boolean pass = cores > 1 && sluiceSpeedup >= target;
    String verdict =
        cores == 1
            ? "MISS: one core, no speed-up possible"
            : Throughput.word(pass) + ": sluice's speed-up from 1 to " + cores + " threads is "
                + Format.ratio(sluiceSpeedup);
    String description =
        String.format("%,d items of ~%.0f us CPU each, ordered, pool of 1 vs %d threads", items, MICROS, cores);
    Map<String, String> extras = new LinkedHashMap<>();
    extras.put("speedup", Format.plain(sluiceSpeedup));
    extras.put("cores", Integer.toString(cores));
    ChartPanel panel =
        new ChartPanel(name(), "items/s", List.of("1 thread", cores + " threads"), chart, false, verdict);
    return WorkloadResult.of(
        name(), description, "speed-up >= " + Format.ratio(target), rows, pass, verdict, extras, panel);
  }
}
