package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of sluice mid-run, twice, then a rerun: the output has every row exactly once. */
class KillResumeIT {
  @TempDir Path dir;

  @Test
  void killedTwiceThenResumedGivesExactOutput() throws Exception {
    int rows = 400;
    Path input = Rows.input(dir.resolve("in.jsonl"), rows, null);
    Path output = dir.resolve("out.jsonl");
    try (TestApi api = new TestApi(r -> new TestApi.Late(Duration.ofMillis(15),
        TestApi.ok("{\"double\":" + 2 * r.json().get("n").asInt() + "}")))) {
      String[] args = {"map", input.toString(), "-o", "out.jsonl", "--url", api.url("/x"),
          "-c", "4", "--progress", "none"};
      for (long atLeast : new long[] {40, 160}) {
        Cli.Running running = Cli.start(dir, Map.of(), args);
        Waits.until(atLeast + " output lines", () -> Waits.lines(output) >= atLeast
            || !running.process().isAlive());
        running.process().destroyForcibly(); // SIGKILL: no hook, no flush, no goodbye
        running.process().waitFor();
        assertThat(Waits.lines(output)).isLessThan(rows);
      }
      Cli.Result last = Cli.run(dir, args);
      assertThat(last.code()).as(last.err()).isZero();
      assertThat(last.err()).contains("resuming").contains("rows already done");

      List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
      assertThat(lines).hasSize(rows);
      List<JsonNode> out = Rows.read(output);
      Map<String, Integer> counts = Rows.counts(out, "id");
      assertThat(counts).hasSize(rows);
      assertThat(counts.values()).allMatch(c -> c == 1);
      for (JsonNode row : out) {
        assertThat(row.path("result").path("double").asInt()).isEqualTo(2 * row.path("n").asInt());
        assertThat(row.path("_line").asInt()).isEqualTo(row.path("n").asInt());
      }
    }
  }
}
