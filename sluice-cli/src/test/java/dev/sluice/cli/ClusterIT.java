package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice map --cluster} on two {@code sluice worker}s, all separate JVMs from the
 * packaged jar on 127.0.0.1: the calls run on the workers, a worker killed mid-run loses no
 * row, and a driver killed mid-run resumes to the exact output.
 */
class ClusterIT {
  @TempDir Path dir;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose.reversed()) {
      c.close();
    }
  }

  @Test
  void workerAndDriverKilledMidRunThenResumedGivesExactOutput() throws Exception {
    int rows = 800;
    Path output = dir.resolve("out.jsonl");
    ClusterWorkers workers = workers(2, Map.of());
    String[] args = httpJob(rows, Duration.ofMillis(40), 8, workers);

    Cli.Running first = startUntil(output, 100, args);
    workers.kill(0); // SIGKILL mid-run: its rows in flight go to the other worker
    Waits.until("300 output lines", () -> Waits.lines(output) >= 300 || !first.process().isAlive());
    first.process().destroyForcibly(); // then the driver dies too
    first.process().waitFor();
    assertThat(Waits.lines(output)).as(first.err()).isLessThan(rows);
    assertThat(first.err()).contains("the calls run on cluster '" + workers.cluster + "': 2 workers");

    Cli.Result last = Cli.run(dir, args);
    assertThat(last.code()).as(last.err()).isZero();
    assertThat(last.err()).contains("resuming").contains("the calls run on cluster");
    exactOutput(output, rows, row -> 2 * row.path("n").asInt());
  }

  @Test
  void workerCommandsRunOnTheWorkersAndEndWithThem() throws Exception {
    int rows = 300;
    Path input = Rows.input(dir.resolve("in.jsonl"), rows, null);
    Path output = dir.resolve("out.jsonl");
    Path pids = Files.createDirectory(dir.resolve("pids"));
    ClusterWorkers workers = workers(2,
        Map.of("WORKER_PIDS", pids.toString(), "WORKER_DELAY_MS", "10"));
    List<String> args = new ArrayList<>(List.of("map", input.toString(), "-o", "out.jsonl",
        "-c", "4", "--progress", "none", "--cluster", workers.cluster,
        "--members", workers.members(), "--"));
    args.addAll(Workers.command());

    Cli.Running run = startUntil(output, 50, args.toArray(String[]::new));
    Set<Long> memberChildren = new HashSet<>();
    for (Process member : workers.processes) {
      member.descendants().forEach(p -> memberChildren.add(p.pid()));
    }
    List<Long> driverChildren = run.process().descendants().map(ProcessHandle::pid).toList();
    workers.kill(1); // its worker processes see end-of-file and exit; its rows are redone
    Cli.Result result = run.await(Duration.ofSeconds(120));
    assertThat(result.code()).as(result.err()).isZero();
    exactOutput(output, rows, row -> 2 * row.path("n").asInt());

    Set<Long> answeredBy = new HashSet<>();
    for (JsonNode row : Rows.read(output)) {
      answeredBy.add(row.path("result").path("pid").asLong());
    }
    assertThat(answeredBy).as("worker processes that answered").hasSizeGreaterThanOrEqualTo(2);
    assertThat(Workers.recorded(pids)).as("worker processes were the members' children")
        .containsAnyElementsOf(memberChildren);
    assertThat(driverChildren).as("the driver starts no worker process").doesNotContainAnyElementsOf(answeredBy);
    workers.close(); // SIGTERM: the member closes its pools
    assertThat(Workers.alive(pids)).as("worker processes left behind").isEmpty();
  }

  @Test
  void losingEveryWorkerStopsTheRunWithAConsistentOutput() throws Exception {
    int rows = 400;
    Path output = dir.resolve("out.jsonl");
    ClusterWorkers workers = workers(1, Map.of());
    String[] args = httpJob(rows, Duration.ofMillis(50), 4, workers);
    Cli.Running run = startUntil(output, 20, args);
    workers.kill(0);
    Cli.Result r = run.await(Duration.ofSeconds(120));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("lost the cluster '" + workers.cluster + "'")
        .contains("rerun the same command to resume");
    long done = Waits.lines(output);
    assertThat(done).isLessThan(rows);

    Cli.Result local = Cli.run(dir, java.util.Arrays.copyOf(args, args.length - 4));
    assertThat(local.code()).as("finished without the cluster: " + local.err()).isZero();
    assertThat(local.err()).contains("resuming");
    exactOutput(output, rows, row -> 2 * row.path("n").asInt());
  }

  @Test
  void ctrlCStopsAClusterRunCleanlyAndTheRerunCompletesIt() throws Exception {
    int rows = 300;
    Path output = dir.resolve("out.jsonl");
    ClusterWorkers workers = workers(2, Map.of());
    String[] args = httpJob(rows, Duration.ofMillis(60), 4, workers);
    Cli.Running run = startUntil(output, 30, args);
    run.signal("INT");
    Cli.Result r = run.await(Duration.ofSeconds(60));
    assertThat(r.code()).as(r.err()).isEqualTo(130);
    assertThat(r.err()).contains("sluice: stopping: letting the").contains("the output is consistent")
        .contains("To resume, run the same command again:").contains("--cluster " + workers.cluster);
    assertThat(Waits.lines(output)).isLessThan(rows);
    assertThat(workers.processes).allMatch(Process::isAlive); // the workers outlive a driver's stop

    Cli.Result again = Cli.run(dir, args);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err()).contains("resuming");
    exactOutput(output, rows, row -> 2 * row.path("n").asInt());
  }

  @Test
  void anUnreachableClusterIsAClearErrorNotAHang() throws Exception {
    Path input = Rows.input(dir.resolve("in.jsonl"), 10, null);
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Cli.Result r = Cli.start(dir, Map.of(), "map", input.toString(), "-o", "out.jsonl",
        "--url", "http://127.0.0.1:9/x", "--progress", "none", "--cluster", "nobody",
        "--members", "127.0.0.1:" + port).await(Duration.ofSeconds(60));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("cannot use the cluster").contains("could not reach cluster 'nobody'")
        .contains("sluice worker --cluster nobody");
    assertThat(Waits.lines(dir.resolve("out.jsonl"))).isZero();
  }

  @Test
  void clusterOptionsGoTogether() throws Exception {
    Path input = Rows.input(dir.resolve("in.jsonl"), 1, null);
    Cli.Result r = Cli.run(dir, "map", input.toString(), "-o", "out.jsonl", "--url",
        "http://127.0.0.1:9/x", "--cluster", "jobs");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--cluster needs --members");
    r = Cli.run(dir, "worker", "--cluster", "jobs", "--members", "nohost");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("nohost");
  }

  /** Starts {@code count} workers, closed after the test. */
  private ClusterWorkers workers(int count, Map<String, String> env) throws Exception {
    ClusterWorkers workers = ClusterWorkers.start(dir, count, env);
    toClose.add(workers);
    return workers;
  }

  /** Starts sluice and waits until it wrote {@code lines} output lines (or ended). */
  private Cli.Running startUntil(Path output, long lines, String... args) throws Exception {
    Cli.Running run = Cli.start(dir, Map.of(), args);
    Waits.until(lines + " output lines",
        () -> Waits.lines(output) >= lines || !run.process().isAlive());
    return run;
  }

  /**
   * Writes {@code rows} input rows, starts an API that doubles {@code n} after {@code latency},
   * and gives the arguments of a map of the rows to out.jsonl on the workers; the cluster
   * options come last.
   */
  private String[] httpJob(int rows, Duration latency, int concurrency, ClusterWorkers workers)
      throws Exception {
    Path input = Rows.input(dir.resolve("in.jsonl"), rows, null);
    TestApi api = new TestApi(r -> new TestApi.Late(latency,
        TestApi.ok("{\"double\":" + 2 * r.json().get("n").asInt() + "}")));
    toClose.add(api);
    return new String[] {"map", input.toString(), "-o", "out.jsonl", "--url", api.url("/x"),
        "-c", Integer.toString(concurrency), "--progress", "none", "--cluster", workers.cluster,
        "--members", workers.members()};
  }

  private static void exactOutput(Path output, int rows, java.util.function.ToIntFunction<JsonNode> expected)
      throws Exception {
    List<JsonNode> out = Rows.read(output);
    assertThat(out).hasSize(rows);
    Map<String, Integer> counts = Rows.counts(out, "id");
    assertThat(counts).hasSize(rows);
    assertThat(counts.values()).allMatch(c -> c == 1);
    for (JsonNode row : out) {
      assertThat(row.path("result").path("double").asInt()).isEqualTo(expected.applyAsInt(row));
    }
  }
}
