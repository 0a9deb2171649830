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

  @Test
  void pipelineInput_isResumedByPosition_andKey() throws Exception {
    Path out = dir.resolve("out.jsonl");
    List<Map<String, Object>> items =
        IntStream.range(0, 50).mapToObj(i -> Map.<String, Object>of("n", i)).toList();
    JobReport first = JsonlJob.map(dev.sluice.Pipeline.from(items.subList(0, 30)), out)
        .run(row -> Map.of("sq", row.get("n").asInt() * row.get("n").asInt()));
    assertThat(first.written()).isEqualTo(30);
    AtomicInteger calls = new AtomicInteger();
    JobReport second = JsonlJob.map(dev.sluice.Pipeline.from(items), out)
        .run(row -> {
          calls.incrementAndGet();
          return Map.of("sq", row.get("n").asInt() * row.get("n").asInt());
        });
    assertThat(calls).hasValue(20);
    assertThat(second.skipped()).isEqualTo(30);
    List<JsonNode> rows = Files2.rows(out);
    assertThat(rows).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(rows.get(i).get("_line").asInt()).isEqualTo(i + 1);
      assertThat(rows.get(i).get("sq").asInt()).isEqualTo(i * i);
    }
  }

  @Test
  void pointerAndComputedKeys_resumeFromTheOutput() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, "{\"user\":{\"id\":\"u1\",\"x\":1},\"t\":\"a\"}\r\n"
        + "{\"user\":{\"id\":\"u2\"},\"t\":\"b\"}\n");
    Path out1 = dir.resolve("out1.jsonl");
    MapJob byPointer = JsonlJob.map(in, out1).key(Key.pointer("/user/id")).keepColumns("t");
    byPointer.run(row -> Map.of("r", 1));
    assertThat(Files2.text(out1)).startsWith("{\"user\":{\"id\":\"u1\",\"x\":1},\"t\":\"a\",\"r\":1}");
    assertThat(byPointer.run(row -> Map.of("r", 2)).skipped()).isEqualTo(2);

    Path out2 = dir.resolve("out2.jsonl");
    MapJob computed = JsonlJob.map(in, out2)
        .key(Key.computed("k", row -> row.get("t").asText().toUpperCase())).keepColumns();
    computed.run(row -> Map.of("r", 1));
    assertThat(Files2.text(out2)).isEqualTo("{\"k\":\"A\",\"r\":1}\n{\"k\":\"B\",\"r\":1}\n");
    assertThat(computed.run(row -> Map.of("r", 2)).skipped()).isEqualTo(2);
  }

  @Test
  void mergingANonObjectResult_failsTheRowWithAClearError() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 2);
    Path out = dir.resolve("out.jsonl");
    JobReport report = JsonlJob.map(in, out).key(Key.field("id")).ordered(false)
        .run(row -> 42);
    assertThat(report.failed()).isEqualTo(2);
    assertThat(Files2.rows(dir.resolve("out.errors.jsonl")).getFirst().get("error").asText())
        .contains("returned a JSON number, but the job merges results into rows");
  }
}
