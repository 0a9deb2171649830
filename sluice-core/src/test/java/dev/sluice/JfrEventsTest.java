package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.internal.StageStats;
import dev.sluice.internal.jfr.SluiceEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrEventsTest {

  @Test
  void stagesEmitFlightRecorderEvents(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sluice.jfr");
    try (Recording recording = new Recording()) {
      for (String name :
          List.of("dev.sluice.StageCall", "dev.sluice.Batch", "dev.sluice.Retry", "dev.sluice.Skip",
              "dev.sluice.RateLimitWait")) {
        recording.enable(name).withoutThreshold();
      }
      recording.start();

      Pipeline.range(0, 30).mapPartitioned(3, x -> x % 3, x -> x).named("keyed").count();
      Pipeline.range(0, 25).batch(10, Duration.ofHours(1)).named("batches").count();
      Pipeline.range(0, 5).rateLimit(RateLimiter.of(1000, Duration.ofSeconds(1))).count();
      Pipeline.of(1).gather(x -> x, x -> x).named("fanout").count();
      StageStats stats = new StageStats("policy");
      SluiceEvents.retry(stats, 7, 1, new java.io.IOException("flaky"), 1_000_000);
      SluiceEvents.skipped(stats, 8, new IllegalStateException("bad row"));

      recording.stop();
      recording.dump(file);
    }
    assertThat(Files.size(file)).isPositive();
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    Map<String, List<RecordedEvent>> byType =
        events.stream()
            .filter(e -> e.getEventType().getName().startsWith("dev.sluice."))
            .collect(Collectors.groupingBy(e -> e.getEventType().getName()));

    List<RecordedEvent> calls = byType.get("dev.sluice.StageCall");
    assertThat(calls.stream().filter(e -> e.getString("stage").equals("keyed"))).hasSize(30);
    assertThat(calls.stream().filter(e -> e.getString("stage").equals("fanout"))).hasSize(2);
    assertThat(calls).allSatisfy(e -> assertThat(e.getDuration("latency").isNegative()).isFalse());

    assertThat(byType.get("dev.sluice.Batch"))
        .extracting(e -> e.getInt("size"))
        .containsExactlyInAnyOrder(10, 10, 5);
    assertThat(byType.get("dev.sluice.Batch"))
        .allSatisfy(e -> assertThat(e.getString("stage")).isEqualTo("batches"));

    // 5 permits at 1000 a second, burst 1: all but the first wait.
    assertThat(byType.get("dev.sluice.RateLimitWait")).isNotEmpty();

    RecordedEvent retry = byType.get("dev.sluice.Retry").getFirst();
    assertThat(retry.getString("stage")).isEqualTo("policy");
    assertThat(retry.getLong("position")).isEqualTo(7);
    assertThat(retry.getInt("attempt")).isEqualTo(1);
    assertThat(retry.getDuration("delay")).isEqualTo(Duration.ofMillis(1));
    assertThat(retry.getString("cause")).contains("flaky");
    RecordedEvent skip = byType.get("dev.sluice.Skip").getFirst();
    assertThat(skip.getString("cause")).contains("bad row");
  }
}
