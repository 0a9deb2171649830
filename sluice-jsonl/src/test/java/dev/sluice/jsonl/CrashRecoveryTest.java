package dev.sluice.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torn lines and failed rows: what a crash or a failing function leaves, and how a rerun mends it. */
class CrashRecoveryTest {
  @TempDir Path dir;

  private MapJob job(Path in, Path out, List<StartReport> starts) {
    return JsonlJob.map(in, out).key(Key.field("id")).concurrency(4)
        .listener(new JobListener() {
          @Override
          public void started(StartReport report) {
            starts.add(report);
          }
        });
  }

  @Test
  void tornLastLine_withoutNewline_isCutAndRecomputed() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 10);
    Path out = dir.resolve("out.jsonl");
    List<StartReport> starts = new ArrayList<>();
    job(in, out, starts).run(row -> Map.of("y", row.get("x").asInt() + 100));
    // Simulate a crash in the middle of writing row 6: keep rows 0-5 and half of row 6.
    List<String> lines = Files.readAllLines(out);
    String kept = String.join("\n", lines.subList(0, 6)) + "\n" + lines.get(6).substring(0, 9);
    Files.writeString(out, kept);
    long tornBytes = lines.get(6).substring(0, 9).getBytes(StandardCharsets.UTF_8).length;

    ConcurrentLinkedQueue<Integer> called = new ConcurrentLinkedQueue<>();
    JobReport report = job(in, out, starts).run(row -> {
      called.add(row.get("id").asInt());
      return Map.of("y", row.get("x").asInt() + 100);
    });

    StartReport start = starts.get(1);
    assertThat(start.tornBytesCut()).isEqualTo(tornBytes);
    assertThat(start.tornLine()).isEqualTo(7);
    assertThat(start.outputRows()).isEqualTo(6);
    assertThat(called).containsExactlyInAnyOrder(6, 7, 8, 9);
    assertThat(report.skipped()).isEqualTo(6);
    assertThat(Files2.rows(out)).extracting(r -> r.get("id").asInt())
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(Files2.rows(out)).allMatch(r -> r.get("y").asInt() == r.get("x").asInt() + 100);
  }

  @Test
  void lastLine_withNewlineButNotJson_isCutToo() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 5);
    Path out = dir.resolve("out.jsonl");
    List<StartReport> starts = new ArrayList<>();
    job(in, out, starts).run(row -> Map.of("y", 1));
    List<String> lines = Files.readAllLines(out);
    // Power loss can leave zeros where the last line should be.
    Files.writeString(out, String.join("\n", lines.subList(0, 3)) + "\n\0\0\0\0\n");
    job(in, out, starts).run(row -> Map.of("y", 1));
    assertThat(starts.get(1).tornBytesCut()).isEqualTo(5);
    assertThat(Files2.rows(out)).hasSize(5);
  }

  @Test
  void aRetryPolicyChoosesWhatIsRetried_andTheErrorsFileCountsTheCalls() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 12);
    Path out = dir.resolve("out.jsonl");
    java.util.concurrent.ConcurrentHashMap<Integer, Integer> calls = new java.util.concurrent.ConcurrentHashMap<>();
    JobReport report = JsonlJob.map(in, out).key(Key.field("id")).ordered(false)
        .retry(dev.sluice.RetryPolicy.builder().maxAttempts(4)
            .backoff(java.time.Duration.ZERO, java.time.Duration.ZERO)
            .retryOn(java.io.IOException.class).build())
        .run(row -> {
          int id = row.get("id").asInt();
          int call = calls.merge(id, 1, Integer::sum);
          if (id % 3 == 0) {
            throw new java.io.IOException("flaky " + id); // retried: 4 calls, then failed
          }
          if (id % 3 == 1 && call == 1) {
            throw new IllegalArgumentException("bad " + id); // not retried: 1 call, failed
          }
          return Map.of("y", call);
        });
    assertThat(report.failed()).isEqualTo(8);
    var records = Files2.rows(dir.resolve("out.errors.jsonl"));
    assertThat(records).hasSize(8);
    assertThat(records).allSatisfy(r -> assertThat(r.get("attempts").asInt())
        .isEqualTo(r.get("key").asInt() % 3 == 0 ? 4 : 1));
    assertThat(Files2.rows(out)).hasSize(4).allSatisfy(r -> assertThat(r.get("id").asInt() % 3).isEqualTo(2));
  }

  @Test
  void failedRows_goToTheErrorsFile_withKeyErrorAndAttempts_andAreRetriedNextRun()
      throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 20);
    Path out = dir.resolve("out.jsonl");
    MapJob job = JsonlJob.map(in, out).key(Key.field("id")).ordered(false)
        .retries(2, java.time.Duration.ZERO);
    JobReport first = job.run(row -> {
      if (row.get("id").asInt() % 5 == 0) {
        throw new IllegalStateException("boom " + row.get("id"));
      }
      return Map.of("y", 1);
    });
    assertThat(first.failed()).isEqualTo(4);
    assertThat(first.complete()).isFalse();
    Path errors = dir.resolve("out.errors.jsonl");
    var records = Files2.rows(errors);
    assertThat(records).hasSize(4);
    assertThat(records).allSatisfy(r -> {
      assertThat(r.get("attempts").asInt()).isEqualTo(2);
      assertThat(r.get("error").asText()).contains("IllegalStateException: boom");
      assertThat(r.get("key").asInt() % 5).isZero();
      assertThat(r.get("line").asInt()).isEqualTo(r.get("key").asInt() + 1);
    });

    ConcurrentLinkedQueue<Integer> called = new ConcurrentLinkedQueue<>();
    JobReport second = job.run(row -> {
      called.add(row.get("id").asInt());
      return Map.of("y", 1);
    });
    assertThat(called).containsExactlyInAnyOrder(0, 5, 10, 15);
    assertThat(second.start().failuresToRetry()).isEqualTo(4);
    assertThat(second.complete()).isTrue();
    assertThat(Files2.rows(out)).hasSize(20);
    assertThat(Files2.text(errors)).isEmpty();
  }

  @Test
  void keepFailed_skipsRowsThatFailedBefore() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 10);
    Path out = dir.resolve("out.jsonl");
    MapJob job = JsonlJob.map(in, out).key(Key.field("id")).keepFailed(true)
        .retries(1, java.time.Duration.ZERO);
    JobReport first = job.run(row -> {
      if (row.get("id").asInt() == 3) {
        throw new IllegalStateException("no");
      }
      return Map.of("y", 1);
    });
    assertThat(first.failed()).isEqualTo(1);
    assertThat(first.stoppedAtLine()).isZero(); // keepFailed lets an ordered job go on
    assertThat(Files2.rows(out)).extracting(r -> r.get("id").asInt())
        .containsExactly(0, 1, 2, 4, 5, 6, 7, 8, 9);
    JobReport second = job.run(row -> {
      throw new AssertionError("nothing should be called");
    });
    assertThat(second.keptFailed()).isEqualTo(1);
    assertThat(second.start().keptFailed()).isEqualTo(1);
    assertThat(second.complete()).isTrue();
    assertThat(Files2.rows(dir.resolve("out.errors.jsonl"))).hasSize(1);
  }

  @Test
  void orderedJob_stopsAtARowThatFailsForGood_andTheRerunContinuesInOrder() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 50);
    Path out = dir.resolve("out.jsonl");
    MapJob job = JsonlJob.map(in, out).key(Key.field("id")).concurrency(8)
        .retries(1, java.time.Duration.ZERO);
    JobReport first = job.run(row -> {
      if (row.get("id").asInt() == 20) {
        throw new IllegalStateException("down");
      }
      return Map.of("y", 1);
    });
    assertThat(first.stoppedAtLine()).isEqualTo(21);
    assertThat(first.complete()).isFalse();
    assertThat(Files2.rows(out)).extracting(r -> r.get("id").asInt())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
    JobReport second = job.run(row -> Map.of("y", 1));
    assertThat(second.complete()).isTrue();
    assertThat(Files2.rows(out)).extracting(r -> r.get("id").asInt())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).boxed().toList());
  }

  @Test
  void everyDurabilityPolicy_writesTheSameOutput() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 30);
    String expected = null;
    int i = 0;
    for (Durability d : List.of(Durability.flushEachLine(),
        Durability.fsyncEvery(7, java.time.Duration.ofMillis(5)), Durability.fsyncEachLine())) {
      Path out = dir.resolve("out" + i++ + ".jsonl");
      JsonlJob.map(in, out).key(Key.field("id")).durability(d).run(row -> Map.of("y", 2));
      String text = Files2.text(out);
      if (expected == null) {
        expected = text;
      }
      assertThat(text).isEqualTo(expected);
    }
  }

  @Test
  void appendedInputRows_areProcessedByARerun() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 5);
    Path out = dir.resolve("out.jsonl");
    MapJob job = JsonlJob.map(in, out).key(Key.field("id"));
    job.run(row -> Map.of("y", 1));
    Files.writeString(in, "{\"id\":5,\"x\":5}\n", StandardOpenOption.APPEND);
    JobReport again = job.run(row -> Map.of("y", 1));
    assertThat(again.written()).isEqualTo(1);
    assertThat(Files2.rows(out)).hasSize(6);
  }
}
