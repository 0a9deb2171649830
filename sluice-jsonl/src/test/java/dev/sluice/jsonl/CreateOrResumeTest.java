package dev.sluice.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateOrResumeTest {
  @TempDir Path dir;

  private static Map<String, Long> counts(Path out) {
    return Files2.rows(out).stream()
        .collect(Collectors.groupingBy(r -> r.get("k").asText(), Collectors.counting()));
  }

  @Test
  void everyKey_appearsExactlyNTimes_andARerunFillsInWhatIsMissing() throws Exception {
    Path out = dir.resolve("out.jsonl");
    List<String> keys = List.of("a", "b", "c");
    CreateJob job = JsonlJob.createOrResume(out).keyColumn("k").keys(keys).copies(3);
    job.run(row -> Map.of("v", row.get("k").asText() + "!"));
    assertThat(counts(out)).isEqualTo(Map.of("a", 3L, "b", 3L, "c", 3L));
    // Lose some rows, as a crash before they were written would.
    List<String> lines = Files.readAllLines(out);
    Files.writeString(out, String.join("\n", lines.subList(0, 4)) + "\n");
    AtomicInteger calls = new AtomicInteger();
    JobReport report = job.run(row -> {
      calls.incrementAndGet();
      return Map.of("v", row.get("k").asText() + "!");
    });
    assertThat(calls).hasValue(5);
    assertThat(report.skipped()).isEqualTo(4);
    assertThat(counts(out)).isEqualTo(Map.of("a", 3L, "b", 3L, "c", 3L));
    assertThat(Files2.rows(out)).allMatch(r -> r.get("v").asText().equals(r.get("k").asText() + "!"));
  }

  @Test
  void unlistedKeysAndExtraCopies_areKeptAndReportedAsWarnings() throws Exception {
    Path out = dir.resolve("out.jsonl");
    JsonlJob.createOrResume(out).keyColumn("k").keys(List.of("a", "b")).copies(1)
        .run(row -> Map.of("v", 1));
    Files.writeString(out, "{\"k\":\"a\",\"v\":1}\n", java.nio.file.StandardOpenOption.APPEND);
    JobReport report = JsonlJob.createOrResume(out).keyColumn("k").keys(List.of("a")).copies(1)
        .run(row -> Map.of("v", 1));
    assertThat(report.warnings()).hasSize(2);
    assertThat(report.warnings().get(0)).contains("1 keys the key source does not list");
    assertThat(report.warnings().get(1)).contains("more than 1 rows for 1 keys");
    assertThat(Files2.rows(out)).hasSize(3);
  }

  @Test
  void keysListedTwice_stillGetNCopies() throws Exception {
    Path out = dir.resolve("out.jsonl");
    JsonlJob.createOrResume(out).keyColumn("k").keys(List.of(1, 2, 1)).copies(2)
        .run(row -> Map.of("v", 1));
    Map<String, Long> counts = counts(out);
    assertThat(counts).isEqualTo(Map.of("1", 2L, "2", 2L));
    JsonNode first = Files2.rows(out).getFirst();
    assertThat(first.get("k").isInt()).isTrue();
  }

  @Test
  void differentCopies_isAnotherJob() {
    Path out = dir.resolve("out.jsonl");
    JsonlJob.createOrResume(out).keyColumn("k").keys(List.of(1)).copies(2).run(row -> Map.of());
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            JsonlJob.createOrResume(out).keyColumn("k").keys(List.of(1)).copies(3)
                .run(row -> Map.of()))
        .isInstanceOf(OutputRefusedException.class)
        .hasMessageContaining("copies is 3 here but 2");
  }

  @SuppressWarnings("unused")
  private static <T> Function<T, T> id() {
    return Function.identity();
  }
}
