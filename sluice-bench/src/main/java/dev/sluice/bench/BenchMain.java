package dev.sluice.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The side-by-side harness: runs each workload on Sluice and on every peer in this JVM, prints
 * the table and the machine-readable lines on stdout (progress goes to stderr), and writes the
 * report and a chart under {@code bench-results/}. Run it with {@code scripts/bench}.
 *
 * <p>Exit code 0 whether or not targets are met: a missed target is a result, reported as MISS.
 * Exit code 2 for a bad command line.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(Options.usage());
      System.exit(2);
      return;
    }
    PrintStream log = System.err;
    log.printf("sluice-bench: workloads %s, frameworks %s, %d warm-up + %d measured rounds%s%n",
        options.workloads(), options.frameworks(), options.warmups(), options.reps(),
        options.quick() ? " (quick)" : "");

    List<WorkloadResult> results = new ArrayList<>();
    List<Contender> contenders = Contenders.create(options.frameworks());
    try (Rounds rounds = new Rounds(options.warmups(), options.reps(), Duration.ofMinutes(3), log)) {
      Session session = new Session(options, contenders, rounds, log);
      for (Workload workload : workloads(options)) {
        log.println(workload.name() + " ...");
        results.add(workload.run(session));
      }
    } finally {
      Contenders.closeAll(contenders);
    }

    String heading = heading(options);
    String report = Report.render(heading, results);
    System.out.print(report);
    System.out.flush();
    write(options, heading, results, report, log);
    exitCleanly(log);
  }

  /** The workloads the options name, in the harness's order. */
  static List<Workload> workloads(Options options) {
    List<Workload> all = new ArrayList<>();
    for (String name : options.workloads()) {
      all.add(
          switch (name) {
            case "overhead-ordered" -> new OverheadWorkload(true);
            case "overhead-unordered" -> new OverheadWorkload(false);
            case "latency" -> new LatencyWorkload();
            case "pipeline" -> new PipelineWorkload();
            case "memory" -> new MemoryWorkload();
            case "cpu" -> new CpuWorkload();
            default -> throw new IllegalArgumentException("unknown workload " + name);
          });
    }
    return all;
  }

  static String heading(Options options) {
    return String.format(Locale.ROOT,
        "Sluice vs peers, %s: %d cores, Java %s (%s), median of %d after %d warm-up%s",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
        Runtime.getRuntime().availableProcessors(), Runtime.version(),
        System.getProperty("java.vm.name"), options.reps(), options.warmups(),
        options.quick() ? ", QUICK run (smaller sizes)" : "");
  }

  /** Writes the report and the chart, keeping the latest under fixed names. */
  private static void write(Options options, String heading, List<WorkloadResult> results, String report,
      PrintStream log) {
    try {
      Files.createDirectories(options.out());
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      Path text = options.out().resolve("bench-" + stamp + ".txt");
      Files.writeString(text, report, StandardCharsets.UTF_8);
      Files.writeString(options.out().resolve("latest.txt"), report, StandardCharsets.UTF_8);
      Path png = options.out().resolve("bench-" + stamp + ".png");
      String subtitle = heading.substring(heading.indexOf(',') + 2);
      Chart.write("Sluice vs peers: throughput per workload", subtitle, results, png);
      Files.copy(png, options.out().resolve("latest.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      log.println("wrote " + text + " and " + png + " (also latest.txt, latest.png)");
    } catch (IOException | RuntimeException | Error e) {
      // The table above is the result; a missing chart must not hide it.
      log.println("could not write the report files: " + e);
    }
  }

  /**
   * Ends the JVM. Every framework was closed, so no non-daemon thread should remain; if one
   * does, it is named (a leak worth fixing) and the JVM exits anyway.
   */
  private static void exitCleanly(PrintStream log) {
    List<String> lingering = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && !thread.isDaemon() && thread != Thread.currentThread()
          && !thread.getName().equals("DestroyJavaVM")) {
        lingering.add(thread.getName());
      }
    }
    if (!lingering.isEmpty()) {
      log.println("non-daemon threads still running after shut-down: " + lingering);
      System.exit(0);
    }
  }
}
