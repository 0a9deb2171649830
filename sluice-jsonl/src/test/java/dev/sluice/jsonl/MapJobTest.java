package dev.sluice.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapJobTest {
  @TempDir Path dir;

  @Test
  void map_writesOneRowPerInputRow_inInputOrder_withResultMerged() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 500);
    Path out = dir.resolve("out.jsonl");
    JobReport report =
        JsonlJob.map(in, out).key(Key.field("id")).concurrency(16)
            .run(row -> Map.of("y", row.get("x").asInt() * 2));
    assertThat(report.complete()).isTrue();
    assertThat(report.written()).isEqualTo(500);
    List<JsonNode> rows = Files2.rows(out);
    assertThat(rows).hasSize(500);
    for (int i = 0; i < 500; i++) {
      assertThat(rows.get(i).get("id").asInt()).isEqualTo(i);
      assertThat(rows.get(i).get("y").asInt()).isEqualTo(2 * i);
      assertThat(rows.get(i).get("x").asInt()).isEqualTo(i);
    }
  }

  @Test
  void rerun_ofAFinishedJob_callsNothing_andWritesNothing() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 100);
    Path out = dir.resolve("out.jsonl");
    MapJob job = JsonlJob.map(in, out).key(Key.field("id"));
    job.run(row -> Map.of("y", 1));
    AtomicInteger calls = new AtomicInteger();
    JobReport again = job.run(row -> {
      calls.incrementAndGet();
      return Map.of("y", 1);
    });
    assertThat(calls).hasValue(0);
    assertThat(again.skipped()).isEqualTo(100);
    assertThat(again.written()).isZero();
    assertThat(again.start().resumed()).isTrue();
    assertThat(Files2.rows(out)).hasSize(100);
  }

  @Test
  void keepColumns_andResultField_shapeTheRow() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, "{\"key\":10,\"other\":\"A\",\"discarded\":\"X\"}\n");
    Path out = dir.resolve("out.jsonl");
    JsonlJob.map(in, out).key(Key.field("key")).keepColumns("other").resultField("r")
        .run(row -> row.get("key").asInt() + 1);
    assertThat(Files2.text(out)).isEqualTo("{\"key\":10,\"other\":\"A\",\"r\":11}\n");
  }

  @Test
  void resultCannotChangeTheKey() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 3);
    Path out = dir.resolve("out.jsonl");
    JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of("id", "changed", "z", 1));
    assertThat(Files2.rows(out)).extracting(r -> r.get("id").asInt()).containsExactly(0, 1, 2);
  }

  @Test
  void runAsync_unordered_writesEveryRowOnce() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 300);
    Path out = dir.resolve("out.jsonl");
    JobReport report = JsonlJob.map(in, out).key(Key.field("id")).ordered(false).concurrency(32)
        .runAsync(row -> CompletableFuture.supplyAsync(() -> Map.of("y", row.get("x").asInt())));
    assertThat(report.written()).isEqualTo(300);
    assertThat(Files2.rows(out)).extracting(r -> r.get("id").asInt())
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 300).boxed().toList());
  }
}
