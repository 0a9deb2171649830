package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process-pool mode with a real worker program: crashing workers are restarted and their rows
 * retried, a row that always crashes its worker and a worker that hangs end up in the errors
 * file, and afterwards no worker process (nor a worker's child) is left.
 */
class WorkerPoolIT {
  @TempDir Path dir;
  Path pids;

  @AfterEach
  void cleanUp() throws Exception {
    Workers.cleanUp(pids);
  }

  @Test
  void crashesAndHangsAreContainedAndNoWorkerIsLeft() throws Exception {
    pids = Files.createDirectory(dir.resolve("pids"));
    Path input = Rows.input(dir.resolve("in.jsonl"), 30, n -> switch (n) {
      case 7 -> "\"crash\":true";
      case 11, 23 -> "\"crashOnce\":true";
      case 17 -> "\"hang\":true";
      default -> "";
    });
    List<String> args = new ArrayList<>(List.of("map", input.toString(), "-o", "out.jsonl",
        "--key", "id", "-c", "3", "--retries", "2", "--backoff", "10ms", "--timeout", "3s",
        "--worker-grace", "10s", "--progress", "none", "--"));
    args.addAll(Workers.command());
    Cli.Result r = Cli.run(dir, Map.of("WORKER_PIDS", pids.toString()), args.toArray(String[]::new));

    assertThat(r.code()).as(r.err()).isEqualTo(3);
    List<JsonNode> out = Rows.read(dir.resolve("out.jsonl"));
    Set<String> expected = new HashSet<>();
    for (int n = 1; n <= 30; n++) {
      if (n != 7 && n != 17) {
        expected.add("r" + n);
      }
    }
    Map<String, Integer> counts = Rows.counts(out, "id");
    assertThat(counts.keySet()).isEqualTo(expected);
    assertThat(counts.values()).allMatch(c -> c == 1);
    for (JsonNode row : out) {
      assertThat(row.path("result").path("double").asInt()).isEqualTo(2 * row.path("n").asInt());
    }
    List<JsonNode> errors = Rows.read(dir.resolve("out.errors.jsonl"));
    assertThat(Rows.counts(errors, "key")).isEqualTo(Map.of("r7", 1, "r17", 1));
    for (JsonNode e : errors) {
      String error = e.path("error").asText();
      if (e.path("key").asText().equals("r7")) {
        assertThat(error).contains("exited with code 3");
        assertThat(e.path("attempts").asInt()).isEqualTo(3);
      } else {
        assertThat(error).contains("no answer within 3.0s").contains("killed and replaced");
      }
    }
    // Workers' stderr is passed through, each line prefixed with its worker.
    assertThat(r.err()).containsPattern("\\[worker [123]\\] worker \\d+ ready")
        .contains("crashing on row 7")
        .containsPattern("\\[worker [123]\\] worker \\d+ got end-of-file, exiting");
    // 3 at the start, 3 for the crash row, 2 for the crash-once rows, 3 for the hang row.
    assertThat(Workers.recorded(pids).stream().filter(p -> true).count()).isGreaterThanOrEqualTo(11);
    assertThat(Workers.alive(pids)).as("worker processes left behind").isEmpty();
  }

  @Test
  void brokenWorkerCommandStopsTheJobInsteadOfFailingEveryRow() throws Exception {
    Path input = Rows.input(dir.resolve("in.jsonl"), 50, null);
    Cli.Result r = Cli.run(dir, "map", input.toString(), "-o", "out.jsonl", "-c", "2",
        "--retries", "1", "--backoff", "10ms", "--progress", "none", "--", "sh", "-c",
        "echo 'cannot load model' >&2; exit 1");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("[worker 1] cannot load model")
        .contains("looks broken rather than the rows");

    Cli.Result missing = Cli.run(dir, "map", input.toString(), "-o", "out2.jsonl",
        "--progress", "none", "--", "no-such-command-xyz");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot start the worker command no-such-command-xyz");
  }
}
