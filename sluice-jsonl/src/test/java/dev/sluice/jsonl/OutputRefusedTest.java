package dev.sluice.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs a job must not write: another job's, someone else's, one in use, one damaged. */
class OutputRefusedTest {
  @TempDir Path dir;

  @Test
  void outputWithoutIdentity_isRefused_andLeftUntouched() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 3);
    Path out = dir.resolve("out.jsonl");
    Files.writeString(out, "{\"something\":\"else\"}\n");
    assertThatThrownBy(() -> JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of()))
        .isInstanceOf(OutputRefusedException.class)
        .hasMessageContaining("already holds data but has no out.sluice.json");
    assertThat(Files2.text(out)).isEqualTo("{\"something\":\"else\"}\n");
  }

  @Test
  void outputOfAJobWithAnotherKey_isRefused_andNoRowIsLost() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 3);
    Path out = dir.resolve("out.jsonl");
    JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of("y", 1));
    String before = Files2.text(out);
    assertThatThrownBy(() -> JsonlJob.map(in, out).key(Key.field("x")).run(row -> Map.of()))
        .isInstanceOf(OutputRefusedException.class)
        .hasMessageContaining("belongs to a different job")
        .hasMessageContaining("key is \"field:x\" here but \"field:id\"");
    assertThat(Files2.text(out)).isEqualTo(before);
  }

  @Test
  void rowsWithoutTheKeyColumn_areRefused() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 3);
    Path out = dir.resolve("out.jsonl");
    JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of("y", 1));
    Files.writeString(out, "{\"other\":1}\n", java.nio.file.StandardOpenOption.APPEND);
    String before = Files2.text(out);
    assertThatThrownBy(() -> JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of()))
        .isInstanceOf(OutputRefusedException.class)
        .hasMessageContaining("out.jsonl:4: the row has no key column \"id\"");
    assertThat(Files2.text(out)).isEqualTo(before);
  }

  @Test
  void aBadLineInTheMiddle_isNotATornWrite_andIsRefused() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 3);
    Path out = dir.resolve("out.jsonl");
    JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of("y", 1));
    var lines = Files.readAllLines(out);
    Files.writeString(out, lines.get(0) + "\nnot json\n" + lines.get(1) + "\n");
    String before = Files2.text(out);
    assertThatThrownBy(() -> JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of()))
        .isInstanceOf(OutputRefusedException.class)
        .hasMessageContaining(":2: output line 2 is not valid")
        .hasMessageContaining("not the last line");
    assertThat(Files2.text(out)).isEqualTo(before);
  }

  @Test
  void unorderedOutput_cannotBeContinuedOrdered_butOrderedCanBeContinuedUnordered()
      throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 3);
    Path out = dir.resolve("out.jsonl");
    JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of("y", 1));
    JsonlJob.map(in, out).key(Key.field("id")).ordered(false).run(row -> Map.of("y", 1));
    assertThatThrownBy(() -> JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of()))
        .isInstanceOf(OutputRefusedException.class)
        .hasMessageContaining("ordered but the output was written unordered");
  }

  @Test
  void secondJobInTheSameProcess_isRefusedWhileTheFirstRuns() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 3);
    Path out = dir.resolve("out.jsonl");
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread first = Thread.ofVirtual().start(() ->
        JsonlJob.map(in, out).key(Key.field("id")).concurrency(1).run(row -> {
          inside.countDown();
          release.await();
          return Map.of("y", 1);
        }));
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of()))
        .isInstanceOf(OutputRefusedException.class)
        .hasMessageContaining("is in use: another job in this process is writing it");
    release.countDown();
    first.join();
    assertThat(Files2.rows(out)).hasSize(3);
  }

  @Test
  void secondProcess_isRefusedWhileTheFirstRuns() throws Exception {
    Path in = dir.resolve("in.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      sb.append("{\"id\":").append(i).append(",\"x\":").append(i).append("}\n");
    }
    Files.writeString(in, sb);
    Path out = dir.resolve("out.jsonl");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        KillChild.class.getName(), "map", in.toString(), out.toString())
        .redirectErrorStream(true).start();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
      String line;
      while ((line = reader.readLine()) != null && !line.startsWith("STARTED")) {
        // wait until the child holds the lock
      }
      assertThat(line).startsWith("STARTED");
      assertThatThrownBy(() -> JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of()))
          .isInstanceOf(OutputRefusedException.class)
          .hasMessageContaining("is in use: another job (pid " + child.pid() + ")");
    } finally {
      child.destroyForcibly();
      child.waitFor(20, TimeUnit.SECONDS);
    }
    // The refused job wrote nothing; the output is the child's whole lines (and maybe a torn one).
    String text = Files.exists(out) ? Files2.text(out) : "";
    String whole = text.substring(0, text.lastIndexOf('\n') + 1);
    var ids = whole.lines().map(l -> l.substring(6, l.indexOf(','))).toList();
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void orderedJobThatKeptFailedRows_cannotRetryThemLater() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 5);
    Path out = dir.resolve("out.jsonl");
    JsonlJob.map(in, out).key(Key.field("id")).keepFailed(true).retries(1, java.time.Duration.ZERO)
        .run(row -> {
          if (row.get("id").asInt() == 2) {
            throw new IllegalStateException("x");
          }
          return Map.of();
        });
    assertThatThrownBy(() -> JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of()))
        .isInstanceOf(OutputRefusedException.class)
        .hasMessageContaining("would retry the rows an earlier run kept failed");
    JobReport unordered = JsonlJob.map(in, out).key(Key.field("id")).ordered(false)
        .run(row -> Map.of());
    assertThat(unordered.written()).isEqualTo(1);
  }

  @Test
  void removingTheOutput_startsTheJobOver() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 4);
    Path out = dir.resolve("out.jsonl");
    JsonlJob.mapByKey(in, out).key(Key.field("id")).resultField("r").run(row -> 1);
    Files.delete(out);
    JobReport report = JsonlJob.mapByKey(in, out).key(Key.field("id")).resultField("r")
        .run(row -> 2);
    assertThat(report.start().journaledResults()).isZero();
    assertThat(Files2.rows(out)).allMatch(r -> r.get("r").asInt() == 2);
  }
}
