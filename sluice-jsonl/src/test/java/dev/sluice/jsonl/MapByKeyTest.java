package dev.sluice.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MapByKeyTest {
  @TempDir Path dir;

  @Test
  void seedExample_callsOncePerKey_andCopiesTheResult() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, """
        { "key": 10, "other": "A", "discarded": "X" }
        { "key": 20, "other": "B", "discarded": "Y" }
        { "key": 10, "other": "C", "discarded": "Z" }
        """);
    Path out = dir.resolve("out.jsonl");
    ConcurrentLinkedQueue<Integer> calls = new ConcurrentLinkedQueue<>();
    JobReport report = JsonlJob.mapByKey(in, out).key(Key.field("key")).keepColumns("other")
        .concurrency(1)
        .run(row -> {
          calls.add(row.get("key").asInt());
          return Map.of("result", row.get("key").asInt() + 1, "key", row.get("key").asInt());
        });
    assertThat(calls).containsExactly(10, 20);
    assertThat(report.written()).isEqualTo(3);
    assertThat(Files2.text(out)).isEqualTo("""
        {"key":10,"other":"A","result":11}
        {"key":20,"other":"B","result":21}
        {"key":10,"other":"C","result":11}
        """);
  }

  @ParameterizedTest(name = "ordered={0} cache={1} concurrency={2}")
  @CsvSource({"true,0,1", "true,3,8", "false,0,8", "false,10000,32"})
  void manyRowsPerKey_everyRowGetsItsKeysResult_withOneCallPerKey(
      boolean ordered, int cache, int concurrency) throws Exception {
    int rows = 3000;
    int keys = 101;
    Path in = dir.resolve("in.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      sb.append("{\"id\":").append(i).append(",\"g\":\"k").append(i * 7 % keys).append("\"}\n");
    }
    Files.writeString(in, sb);
    Path out = dir.resolve("out.jsonl");
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    JobReport report = JsonlJob.mapByKey(in, out).key(Key.field("g")).ordered(ordered)
        .resultCache(cache).concurrency(concurrency).resultField("r")
        .runAsync(row -> CompletableFuture.supplyAsync(() -> {
          calls.computeIfAbsent(row.get("g").asText(), k -> new AtomicInteger()).incrementAndGet();
          return row.get("g").asText().toUpperCase();
        }));
    assertThat(report.complete()).isTrue();
    assertThat(calls).hasSize(keys);
    assertThat(calls.values()).allMatch(c -> c.get() == 1);
    List<JsonNode> written = Files2.rows(out);
    assertThat(written).hasSize(rows);
    assertThat(written).allMatch(r -> r.get("r").asText().equals(r.get("g").asText().toUpperCase()));
    if (ordered) {
      for (int i = 0; i < rows; i++) {
        assertThat(written.get(i).get("id").asInt()).isEqualTo(i);
      }
    }
  }

  @Test
  void rerun_neverCallsAgainForAJournaledKey_evenIfNoneOfItsRowsWasWritten() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, "{\"id\":1,\"g\":\"a\"}\n{\"id\":2,\"g\":\"b\"}\n{\"id\":3,\"g\":\"a\"}\n");
    Path out = dir.resolve("out.jsonl");
    MapJob job = JsonlJob.mapByKey(in, out).key(Key.field("g")).resultField("r");
    job.run(row -> row.get("g").asText() + "!");
    // A crash after the results were journaled but before any row was written:
    Files.writeString(out, "");
    AtomicInteger calls = new AtomicInteger();
    JobReport report = job.run(row -> {
      calls.incrementAndGet();
      return "again";
    });
    assertThat(calls).hasValue(0);
    assertThat(report.start().journaledResults()).isEqualTo(2);
    assertThat(Files2.rows(out)).extracting(r -> r.get("r").asText()).containsExactly("a!", "b!", "a!");
  }

  @Test
  void rerun_afterPartOfAKeysRowsWereWritten_writesTheRestOnly() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, "{\"id\":1,\"g\":\"a\"}\n{\"id\":2,\"g\":\"a\"}\n{\"id\":3,\"g\":\"a\"}\n");
    Path out = dir.resolve("out.jsonl");
    MapJob job = JsonlJob.mapByKey(in, out).key(Key.field("g")).resultField("r");
    job.run(row -> 1);
    List<String> lines = Files.readAllLines(out);
    Files.writeString(out, lines.get(0) + "\n");
    JobReport report = job.run(row -> 1);
    assertThat(report.skipped()).isEqualTo(1);
    assertThat(report.written()).isEqualTo(2);
    assertThat(Files2.rows(out)).extracting(r -> r.get("id").asInt()).containsExactly(1, 2, 3);
  }

  @Test
  void aFailingKey_failsAllItsRows_withOneErrorRecord_andIsRetriedNextRun() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, "{\"id\":1,\"g\":\"a\"}\n{\"id\":2,\"g\":\"bad\"}\n{\"id\":3,\"g\":\"bad\"}\n"
        + "{\"id\":4,\"g\":\"a\"}\n");
    Path out = dir.resolve("out.jsonl");
    MapJob job = JsonlJob.mapByKey(in, out).key(Key.field("g")).resultField("r").ordered(false)
        .retries(2, Duration.ZERO);
    JobReport first = job.run(row -> {
      if (row.get("g").asText().equals("bad")) {
        throw new IllegalStateException("nope");
      }
      return 1;
    });
    assertThat(first.failed()).isEqualTo(2);
    assertThat(Files2.rows(dir.resolve("out.errors.jsonl"))).singleElement()
        .satisfies(r -> {
          assertThat(r.get("key").asText()).isEqualTo("bad");
          assertThat(r.get("attempts").asInt()).isEqualTo(2);
        });
    JobReport second = job.run(row -> 2);
    assertThat(second.complete()).isTrue();
    assertThat(Files2.rows(out)).hasSize(4);
  }
}
