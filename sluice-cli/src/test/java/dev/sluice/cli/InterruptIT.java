package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT, sent with kill -INT): the first stops taking rows, lets rows in flight finish,
 * prints the summary and the command to resume, and exits 130; a second quits at once. Either
 * way no worker is left, the output is consistent, and a rerun completes it exactly.
 */
class InterruptIT {
  @TempDir Path dir;
  Path pids;

  @AfterEach
  void cleanUp() throws Exception {
    Workers.cleanUp(pids);
  }

  private String[] workerArgs(Path input, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("map", input.toString(), "-o", "out.jsonl",
        "--key", "id", "-c", "3", "--progress", "none", "--worker-grace", "1s"));
    args.addAll(List.of(extra));
    args.add("--");
    args.addAll(Workers.command());
    return args.toArray(String[]::new);
  }

  private void assertExactlyOnce(Path output, int rows) throws Exception {
    List<JsonNode> out = Rows.read(output);
    Map<String, Integer> counts = Rows.counts(out, "id");
    assertThat(counts).hasSize(rows);
    assertThat(counts.values()).allMatch(c -> c == 1);
    for (JsonNode row : out) {
      assertThat(row.path("result").path("double").asInt()).isEqualTo(2 * row.path("n").asInt());
    }
  }

  @Test
  void firstCtrlCFinishesRowsInFlightThenRerunCompletes() throws Exception {
    pids = Files.createDirectory(dir.resolve("pids"));
    Path input = Rows.input(dir.resolve("in.jsonl"), 40, null);
    Path output = dir.resolve("out.jsonl");
    Cli.Running running = Cli.start(dir,
        Map.of("WORKER_PIDS", pids.toString(), "WORKER_DELAY_MS", "300"), workerArgs(input));
    Waits.until("6 rows written", () -> Waits.lines(output) >= 6);
    running.signal("INT");
    Cli.Result r = running.await(Duration.ofSeconds(60));

    assertThat(r.code()).as(r.err()).isEqualTo(130);
    assertThat(r.err()).contains("sluice: stopping: letting the")
        .contains("interrupted after").contains("the output is consistent")
        .contains("To resume, run the same command again:")
        .contains(" map " + input + " -o out.jsonl --key id -c 3");
    assertThat(Waits.lines(output)).isLessThan(40);
    assertThat(Workers.alive(pids)).as("workers left behind").isEmpty();

    Cli.Result again = Cli.run(dir, Map.of("WORKER_PIDS", pids.toString()), workerArgs(input));
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err()).contains("resuming");
    assertExactlyOnce(output, 40);
    assertThat(Workers.alive(pids)).isEmpty();
  }

  @Test
  void secondCtrlCQuitsAtOnceAndNoWorkerIsLeft() throws Exception {
    pids = Files.createDirectory(dir.resolve("pids"));
    Path input = Rows.input(dir.resolve("in.jsonl"), 12, null);
    Path output = dir.resolve("out.jsonl");
    // Rows take 10 minutes and the grace period is as long: only a second Ctrl-C ends this.
    Cli.Running running = Cli.start(dir,
        Map.of("WORKER_PIDS", pids.toString(), "WORKER_DELAY_MS", "600000"),
        workerArgs(input, "--grace", "10m", "--timeout", "20m"));
    Waits.until("3 workers started", () -> {
      try {
        return Workers.recorded(pids).size() >= 3;
      } catch (Exception e) {
        return false;
      }
    });
    Waits.until("the job to start", () -> Waits.text(running.errFile()).contains("writing"));
    running.signal("INT");
    Waits.until("the stop message", () -> Waits.text(running.errFile()).contains("stopping"));
    running.signal("INT");
    Cli.Result r = running.await(Duration.ofSeconds(60));

    assertThat(r.code()).as(r.err()).isEqualTo(130);
    assertThat(r.err()).contains("quitting at once");
    assertThat(Workers.alive(pids)).as("workers left behind").isEmpty();

    Cli.Result again = Cli.run(dir, Map.of("WORKER_PIDS", pids.toString()), workerArgs(input));
    assertThat(again.code()).as(again.err()).isZero();
    assertExactlyOnce(output, 12);
  }
}
