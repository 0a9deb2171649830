package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP mode against a real server with injected faults: every row ends up exactly once in the
 * output or the errors file, transient faults are retried (Retry-After honoured), permanent
 * 4xx are not.
 */
class HttpFaultsIT {
  @TempDir Path dir;

  /** By the row's number n: what the server does. */
  private static TestApi.Response behave(TestApi.Request r) {
    int n = r.json().get("n").asInt();
    int attempt = r.attempt();
    TestApi.Reply ok = TestApi.ok("{\"double\":" + (2 * n) + "}");
    return switch (n % 10) {
      case 1 -> attempt <= 2 ? TestApi.status(500, "{\"error\":\"flaky\"}") : ok;
      case 2 -> attempt == 1
          ? new TestApi.Reply(429, Map.of("Retry-After", "1"), "slow down") : ok;
      case 3 -> TestApi.status(404, "{\"error\":\"no such thing " + r.id() + "\"}");
      case 4 -> attempt == 1 ? new TestApi.Late(Duration.ofSeconds(4), ok) : ok;
      case 5 -> attempt == 1 ? new TestApi.Reset() : ok;
      case 6 -> attempt == 1
          ? new TestApi.Reply(503, Map.of("Retry-After", "1"), "maintenance") : ok;
      case 7 -> TestApi.status(500, "{\"error\":\"always broken\"}");
      default -> ok;
    };
  }

  @Test
  void everyRowEndsUpExactlyOnceInOutputOrErrors() throws Exception {
    int rows = 120;
    Path input = Rows.input(dir.resolve("in.jsonl"), rows, null);
    try (TestApi api = new TestApi(HttpFaultsIT::behave)) {
      Cli.Result r = Cli.run(dir, "map", input.toString(), "-o", "out.jsonl",
          "--url", api.url("/score"), "--key", "id", "-c", "8", "--retries", "3",
          "--backoff", "20ms", "--timeout", "1s", "--progress", "none");

      assertThat(r.code()).as(r.err()).isEqualTo(3);
      List<JsonNode> out = Rows.read(dir.resolve("out.jsonl"));
      List<JsonNode> errors = Rows.read(dir.resolve("out.errors.jsonl"));
      Set<String> expectedFailed = new HashSet<>();
      Set<String> expectedDone = new HashSet<>();
      for (int n = 1; n <= rows; n++) {
        (n % 10 == 3 || n % 10 == 7 ? expectedFailed : expectedDone).add("r" + n);
      }
      Map<String, Integer> outCounts = Rows.counts(out, "id");
      assertThat(outCounts.keySet()).isEqualTo(expectedDone);
      assertThat(outCounts.values()).allMatch(c -> c == 1);
      for (JsonNode row : out) {
        assertThat(row.path("result").path("double").asInt()).isEqualTo(2 * row.path("n").asInt());
      }
      Map<String, Integer> errorCounts = Rows.counts(errors, "key");
      assertThat(errorCounts.keySet()).isEqualTo(expectedFailed);
      assertThat(errorCounts.values()).allMatch(c -> c == 1);

      for (JsonNode e : errors) {
        String id = e.path("key").asText();
        int n = Integer.parseInt(id.substring(1));
        if (n % 10 == 3) {
          assertThat(e.path("error").asText()).contains("HTTP 404").contains("no such thing " + id);
          assertThat(api.attempts(id)).as("4xx is not retried").isEqualTo(1);
          assertThat(e.path("attempts").asInt()).isEqualTo(1);
        } else {
          assertThat(e.path("error").asText()).contains("HTTP 500").contains("always broken");
          assertThat(api.attempts(id)).isEqualTo(4);
          assertThat(e.path("attempts").asInt()).as("the errors file counts the attempts").isEqualTo(4);
        }
      }
      // Retry-After: 1 was honoured: the second attempt came no sooner than the server asked.
      for (int n = 2; n <= rows; n += 10) {
        List<TestApi.Request> tries = api.requestsFor("r" + n);
        assertThat(tries).hasSize(2);
        assertThat(Duration.ofNanos(tries.get(1).nanos() - tries.get(0).nanos()))
            .isGreaterThanOrEqualTo(Duration.ofMillis(950));
      }
      // The slow first answers (4 s) were cut off by --timeout 1s and retried; resets too.
      for (int n = 4; n <= rows; n += 10) {
        assertThat(api.attempts("r" + n)).isEqualTo(2);
        assertThat(api.attempts("r" + (n + 1))).isEqualTo(2);
      }
      assertThat(r.err()).contains("finished with 24 failed rows")
          .contains("written   96 rows").contains("retries").contains("after a Retry-After")
          .contains("latency   p50");

      // A rerun retries only the failed rows; the output still has every row once.
      Cli.Result again = Cli.run(dir, "map", input.toString(), "-o", "out.jsonl",
          "--url", api.url("/score"), "--key", "id", "-c", "8", "--retries", "0",
          "--timeout", "1s", "--progress", "none");
      assertThat(again.code()).as(again.err()).isEqualTo(3);
      assertThat(again.err()).contains("resuming").contains("96 rows already done")
          .contains("retrying 24 rows that failed last time").contains("skipped   96 rows");
      assertThat(Rows.counts(Rows.read(dir.resolve("out.jsonl")), "id")).isEqualTo(outCounts);
      assertThat(Rows.counts(Rows.read(dir.resolve("out.errors.jsonl")), "key"))
          .isEqualTo(errorCounts);
    }
  }
}
