package dev.sluice.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed lines, missing keys and duplicate keys: a message naming the place, rows kept. */
class BadInputTest {
  @TempDir Path dir;

  private Path input(String text) throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, text);
    return in;
  }

  @Test
  void malformedLine_failsWithFileLineAndColumn_andKeepsEveryRowBefore() throws Exception {
    Path in = input("{\"id\":1}\n{\"id\":2}\n{\"id\":3, oops}\n{\"id\":4}\n");
    Path out = dir.resolve("out.jsonl");
    MapJob job = JsonlJob.map(in, out).key(Key.field("id")).concurrency(4);
    assertThatThrownBy(() -> job.run(row -> Map.of("y", 1)))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(in + ":3:10: not valid JSON")
        .satisfies(e -> {
          BadInputException b = (BadInputException) e;
          assertThat(b.line()).isEqualTo(3);
          assertThat(b.column()).isEqualTo(10);
          assertThat(b.file()).isEqualTo(in);
        });
    assertThat(Files2.rows(out)).extracting(r -> r.get("id").asInt()).containsExactly(1, 2);

    // After fixing the line, the rerun continues and keeps the rows already written.
    Files.writeString(in, "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n{\"id\":4}\n");
    JobReport report = job.run(row -> Map.of("y", 1));
    assertThat(report.skipped()).isEqualTo(2);
    assertThat(Files2.rows(out)).extracting(r -> r.get("id").asInt()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void rejectPolicy_writesBadLinesToTheRejectsFile_withTheLineNumber() throws Exception {
    Path in = input("{\"id\":1}\n[1,2]\n{\"id\":2\n\n{\"name\":\"no id\"}\n{\"id\":null}\n{\"id\":3}\n");
    Path out = dir.resolve("out.jsonl");
    JobReport report = JsonlJob.map(in, out).key(Key.field("id")).badRows(BadRows.REJECT)
        .run(row -> Map.of("y", 1));
    assertThat(report.rejected()).isEqualTo(4);
    assertThat(report.complete()).isTrue();
    assertThat(Files2.rows(out)).extracting(r -> r.get("id").asInt()).containsExactly(1, 3);
    var rejects = Files2.rows(dir.resolve("out.rejects.jsonl"));
    assertThat(rejects).extracting(r -> r.get("line").asInt()).containsExactly(2, 3, 5, 6);
    assertThat(rejects.get(0).get("error").asText()).contains(":2:1: not a JSON object but a JSON array");
    assertThat(rejects.get(1).get("error").asText()).contains(":3:").contains("not valid JSON");
    assertThat(rejects.get(2).get("error").asText())
        .isEqualTo(in + ":5: the row has no key: field \"id\" is missing or null");
    assertThat(rejects.get(2).get("text").asText()).isEqualTo("{\"name\":\"no id\"}");

    // A rerun rewrites the rejects file rather than adding the same rejects again.
    JsonlJob.map(in, out).key(Key.field("id")).badRows(BadRows.REJECT).run(row -> Map.of("y", 1));
    assertThat(Files2.rows(dir.resolve("out.rejects.jsonl"))).hasSize(4);
  }

  @Test
  void missingKey_failsWithItsLine() throws Exception {
    Path in = input("{\"id\":1}\n{\"other\":2}\n");
    Path out = dir.resolve("out.jsonl");
    assertThatThrownBy(() -> JsonlJob.map(in, out).key(Key.pointer("/id")).run(row -> Map.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(in + ":2: the row has no key: pointer \"/id\" is missing or null");
    assertThat(Files2.rows(out)).hasSize(1);
  }

  @Test
  void duplicateKey_inAMapJob_isRefusedByDefault_orRejected() throws Exception {
    Path in = input("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"a\"}\n");
    Path out = dir.resolve("out.jsonl");
    assertThatThrownBy(() -> JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(in + ":3: duplicate key \"a\"");
    assertThat(Files2.rows(out)).hasSize(2);
    JobReport report = JsonlJob.map(in, out).key(Key.field("id")).badRows(BadRows.REJECT)
        .run(row -> Map.of());
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(report.skipped()).isEqualTo(2);
    assertThat(Files2.rows(out)).hasSize(2);
  }

  @Test
  void stringAndNumberKeys_areDifferent() throws Exception {
    Path in = input("{\"id\":\"10\"}\n{\"id\":10}\n");
    Path out = dir.resolve("out.jsonl");
    JobReport report = JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of());
    assertThat(report.written()).isEqualTo(2);
  }
}
