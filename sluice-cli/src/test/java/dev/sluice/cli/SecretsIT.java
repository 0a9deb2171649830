package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Header values never leak: a token from the environment ({@code ${TOKEN}}) and a value typed
 * on the command line reach the server, and neither appears in stdout, stderr, the output, the
 * errors file or any other file the run writes, not even in the resume command printed after
 * Ctrl-C.
 */
class SecretsIT {
  private static final String TOKEN = "tok-4f9a2c-very-secret";
  private static final String TYPED = "typed-secret-77e1";

  @TempDir Path dir;

  @Test
  void headerValuesNeverAppearInAnythingSluiceWrites() throws Exception {
    Path input = Rows.input(dir.resolve("in.jsonl"), 60, null);
    try (TestApi api = new TestApi(r -> {
      if (!("Bearer " + TOKEN).equals(r.headers().get("authorization"))
          || !TYPED.equals(r.headers().get("x-api-key"))) {
        return TestApi.status(401, "{\"error\":\"bad credentials\"}");
      }
      int n = r.json().get("n").asInt();
      return switch (n % 10) {
        case 3 -> TestApi.status(403, "{\"error\":\"forbidden\"}");
        case 4 -> TestApi.status(500, "{\"error\":\"down\"}");
        default -> new TestApi.Late(Duration.ofMillis(n > 20 ? 400 : 5), TestApi.ok("{\"ok\":true}"));
      };
    })) {
      Cli.Running running = Cli.start(dir, Map.of("TOKEN", TOKEN),
          "map", input.toString(), "-o", "out.jsonl", "--url", api.url("/v1"), "-c", "2",
          "--header", "Authorization: Bearer ${TOKEN}", "-H", "X-Api-Key: " + TYPED,
          "--retries", "1", "--backoff", "10ms", "--progress", "lines",
          "--progress-interval", "100ms");
      Waits.until("some rows", () -> Waits.lines(dir.resolve("out.jsonl")) >= 10);
      running.signal("INT");
      Cli.Result r = running.await(Duration.ofSeconds(60));
      assertThat(r.code()).as(r.err()).isEqualTo(130);
      assertThat(r.err()).contains("--header 'Authorization: Bearer ${TOKEN}'")
          .contains("-H 'X-Api-Key: <hidden>'");

      Cli.Result rest = Cli.run(dir, Map.of("TOKEN", TOKEN),
          "map", input.toString(), "-o", "out.jsonl", "--url", api.url("/v1"), "-c", "4",
          "--header", "Authorization: Bearer ${TOKEN}", "-H", "X-Api-Key: " + TYPED,
          "--retries", "1", "--backoff", "10ms", "--progress", "lines");
      assertThat(rest.code()).as(rest.err()).isEqualTo(3);

      assertThat(api.requests).isNotEmpty()
          .allMatch(q -> ("Bearer " + TOKEN).equals(q.headers().get("authorization")));
      assertThat(Rows.read(dir.resolve("out.errors.jsonl"))).hasSize(12);
      for (String text : new String[] {r.out(), r.err(), rest.out(), rest.err()}) {
        assertThat(text).doesNotContain(TOKEN).doesNotContain(TYPED);
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(Files.readString(f)).as(f.toString())
              .doesNotContain(TOKEN).doesNotContain(TYPED);
        }
      }
    }
  }
}
