package dev.sluice.bench.cluster;

import com.sun.management.OperatingSystemMXBean;
import dev.sluice.Pipeline;
import dev.sluice.cluster.Batching;
import dev.sluice.cluster.ClusterOptions;
import dev.sluice.cluster.RemoteFunction;
import dev.sluice.cluster.RemoteStats;
import dev.sluice.cluster.SluiceCluster;
import dev.sluice.cluster.WorkerMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures the driver's cost of remote calls: driver CPU per item (the whole driver process's
 * CPU time over the items, so the pipeline, batching, Hazelcast's client and serialization are
 * all in it) and items per second, with 1, 2 and 3 worker JVMs on 127.0.0.1, batched and
 * unbatched.
 *
 * <pre>
 * scripts/bench --cluster [--items 20000] [--millis 10] [--concurrency 1024] [--members 1,2,3]
 *     [--parallelism 16] [--threads]
 * scripts/bench --cluster --name NAME --connect HOST:PORT,...
 * </pre>
 *
 * <p>Ends with one line per member count, {@code bench cluster-driver-cpu members=N
 * micros-per-item=X target=50 result=PASS|MISS}: the target is at most 50 µs of driver
 * CPU per item with batching (against about 700 µs unbatched).
 *
 * <p>With {@code --connect} it starts no worker and runs against the given cluster, whose
 * workers need {@link BenchFunctions} (on their class path, or {@code --functions}).
 *
 * <p>The function sleeps (a stand-in for a call that waits on something); on a machine with few
 * cores a CPU-bound function cannot scale across workers that share those cores.
 */
public final class ClusterBench {
  /** The most driver CPU per item, batched, that the target allows. */
  static final double TARGET_MICROS = 50;

  private ClusterBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args see the class comment
   * @throws Exception if a worker cannot start
   */
  public static void main(String[] args) throws Exception {
    int items = 20_000;
    int millis = 10;
    int concurrency = 1024;
    int parallelism = 16;
    List<Integer> memberCounts = List.of(1, 2, 3);
    boolean showThreads = false;
    String clusterName = null;
    List<String> connect = List.of();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--items" -> items = Integer.parseInt(args[++i]);
        case "--millis" -> millis = Integer.parseInt(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--parallelism" -> parallelism = Integer.parseInt(args[++i]);
        case "--threads" -> showThreads = true;
        case "--name" -> clusterName = args[++i];
        case "--connect" -> connect = ClusterOptions.parseMembers(args[++i]);
        case "--members" -> memberCounts = List.of(args[++i].split(",")).stream().map(Integer::parseInt).toList();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!connect.isEmpty()) {
      runAgainst(clusterName == null ? "sluice" : clusterName, connect, items, millis, concurrency);
      return;
    }
    String cluster = "bench-" + ProcessHandle.current().pid();
    int maxMembers = memberCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < maxMembers; i++) {
      ports.add(freePort());
    }
    List<String> addresses = ports.stream().map(p -> "127.0.0.1:" + p).toList();
    List<Process> workers = new ArrayList<>();
    List<String> verdicts = new ArrayList<>();
    double idleCpuShare = 0;
    System.out.printf("driver: %d cores; function: sleep %d ms; %d items; mapAsync(%d); worker parallelism %d%n",
        Runtime.getRuntime().availableProcessors(), millis, items, concurrency, parallelism);
    System.out.printf("%-8s %-10s %8s %10s %12s %8s %10s%n",
        "members", "batching", "items", "items/s", "driver µs/it", "batches", "avg batch");
    try {
      SluiceCluster driver = null;
      try {
        for (int count : memberCounts) {
          while (workers.size() < count) {
            workers.add(startWorker(cluster, addresses, ports.get(workers.size()), parallelism));
          }
          if (driver == null) {
            driver = SluiceCluster.connect(ClusterOptions.defaults().withClusterName(cluster).withMembers(addresses));
          }
          driver.awaitMembers(count, Duration.ofSeconds(60));
          if (count == memberCounts.getFirst()) {
            idleCpuShare = idleCpu();
            System.out.printf("idle driver (client connected, no run): %.1f%% of a core%n", idleCpuShare * 100);
          }
          long micros = millis * 1000L;
          if (count == memberCounts.getFirst()) {
            // Warm up the driver's code paths: until the JIT is done with the client and the
            // pipeline, its compiler threads' CPU shows up as a cost per item (about 2.5x at
            // first on this machine kind).
            run(driver, Batching.auto(), items, concurrency, micros);
            run(driver, Batching.none(), Math.max(1_000, items / 10), concurrency, micros);
            runNoop(driver, items * 2, concurrency);
            run(driver, Batching.auto(), items, concurrency, micros);
          } else {
            run(driver, Batching.auto(), Math.min(items, 4_000), concurrency, micros);
          }
          Result batched = run(driver, Batching.auto(), items, concurrency, micros);
          report(count, "auto", batched);
          verdicts.add(verdict(count, batched));
          report(count, "none", run(driver, Batching.none(), Math.max(1_000, items / 5), concurrency, micros));
        }
        if (driver != null) {
          // The floor: a function that does nothing, so the cost is all overhead.
          report(memberCounts.getLast(), "auto/noop", runNoop(driver, items * 5, concurrency));
        }
        if (showThreads) {
          printThreadCpu();
        }
        verdicts.forEach(System.out::println);
      } finally {
        if (driver != null) {
          driver.close();
        }
      }
    } finally {
      for (Process p : workers) {
        p.destroyForcibly();
      }
      for (Process p : workers) {
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Where the driver's CPU went, by thread (platform threads only), for finding costs. */
  private static void printThreadCpu() {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    java.util.Map<String, Long> byName = new java.util.TreeMap<>();
    for (long id : threads.getAllThreadIds()) {
      java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
      long cpu = threads.getThreadCpuTime(id);
      if (info != null && cpu > 0) {
        byName.merge(info.getThreadName().replaceAll("[0-9]+", "N"), cpu, Long::sum);
      }
    }
    byName.entrySet().stream()
        .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(12)
        .forEach(e -> System.out.printf("  thread %-60s %8.0f ms%n", e.getKey(), e.getValue() / 1e6));
  }

  /** The driver's CPU use while connected and idle, as a share of one core, over 3 s. */
  private static double idleCpu() throws InterruptedException {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Thread.sleep(1_000);
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    Thread.sleep(3_000);
    return (double) (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - t0);
  }

  /** Runs the sleep function across an existing cluster: the "beyond one machine" job. */
  private static void runAgainst(String cluster, List<String> members, int items, int millis, int concurrency) {
    try (SluiceCluster driver =
        SluiceCluster.connect(ClusterOptions.defaults().withClusterName(cluster).withMembers(members))) {
      System.out.printf("cluster %s: members %s%n", cluster, driver.members());
      run(driver, Batching.auto(), Math.min(items, 4_000), concurrency, millis * 1000L);
      Result batched = run(driver, Batching.auto(), items, concurrency, millis * 1000L);
      report(driver.members().size(), "auto", batched);
      System.out.println(verdict(driver.members().size(), batched));
    }
  }

  private record Result(int items, long nanos, long cpuNanos, RemoteStats stats) {}

  private static Result run(SluiceCluster driver, Batching batching, int items, int concurrency, long micros) {
    RemoteFunction<Long, Long> remote = driver.<Long, Long>function("sleep-micros", batching).withConcurrency(concurrency);
    return measure(items, remote, () ->
        Pipeline.range(0, items).map(i -> micros).mapAsync(concurrency, remote).count());
  }

  private static Result runNoop(SluiceCluster driver, int items, int concurrency) {
    RemoteFunction<Long, Long> remote = driver.<Long, Long>function("identity").withConcurrency(concurrency);
    return measure(items, remote, () -> Pipeline.range(0, items).mapAsync(concurrency, remote).count());
  }

  private static Result measure(int items, RemoteFunction<?, ?> remote, java.util.function.LongSupplier job) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long n = job.getAsLong();
    long t1 = System.nanoTime();
    long cpu1 = os.getProcessCpuTime();
    if (n != items) {
      throw new IllegalStateException("expected " + items + " results, got " + n);
    }
    return new Result(items, t1 - t0, cpu1 - cpu0, remote.stats());
  }

  private static String verdict(int members, Result batched) {
    double micros = batched.cpuNanos() / 1e3 / batched.items();
    return String.format(java.util.Locale.ROOT,
        "bench cluster-driver-cpu members=%d micros-per-item=%.1f items-per-second=%.0f target=%.0f result=%s",
        members, micros, batched.items() / (batched.nanos() / 1e9), TARGET_MICROS,
        micros <= TARGET_MICROS ? "PASS" : "MISS");
  }

  private static void report(int members, String batching, Result r) {
    System.out.printf("%-8d %-10s %8d %10.0f %12.1f %8d %10.1f%n",
        members, batching, r.items(), r.items() / (r.nanos() / 1e9), r.cpuNanos() / 1e3 / r.items(),
        r.stats().batches(), (double) r.items() / r.stats().batches());
  }

  private static Process startWorker(String cluster, List<String> addresses, int port, int parallelism)
      throws IOException, InterruptedException, java.util.concurrent.ExecutionException,
          java.util.concurrent.TimeoutException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx256m", "-Dhazelcast.phone.home.enabled=false"));
    command.addAll(WorkerMain.JVM_OPTIONS);
    command.addAll(List.of(
        "-cp", System.getProperty("java.class.path"),
        WorkerMain.class.getName(),
        "--cluster", cluster, "--members", String.join(",", addresses),
        "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--functions", BenchFunctions.class.getName(),
        "--parallelism", Integer.toString(parallelism),
        "--exit-on-stdin-close"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("HZ_PHONE_HOME_ENABLED", "false");
    Process process = builder.start();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith(WorkerMain.READY)) {
            ready.complete(null);
          } else if (!line.contains("Unsafe")) {
            System.err.println("worker " + port + ": " + line);
          }
        }
      } catch (IOException e) {
        // the worker is gone
      }
      ready.completeExceptionally(new IllegalStateException("worker on port " + port + " ended before it was ready"));
    });
    try {
      ready.get(60, TimeUnit.SECONDS);
    } catch (RuntimeException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      process.destroyForcibly();
      throw e;
    }
    return process;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
