package dev.sluice.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerTest {
  @TempDir Path dir;

  @Test
  void progress_countsTotalDoneSkippedFailed_andEndsWithAFinalSnapshot() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 200);
    Path out = dir.resolve("out.jsonl");
    List<Progress> seen = new CopyOnWriteArrayList<>();
    JobListener listener = new JobListener() {
      @Override
      public void progress(Progress p) {
        seen.add(p);
      }
    };
    MapJob job = JsonlJob.map(in, out).key(Key.field("id")).ordered(false)
        .retries(1, Duration.ZERO).listener(listener).progressInterval(Duration.ofMillis(5));
    job.run(row -> {
      if (row.get("id").asInt() >= 150) {
        throw new IllegalStateException("later");
      }
      Thread.sleep(1);
      return Map.of();
    });
    Progress last = seen.getLast();
    assertThat(last.totalRows()).isEqualTo(200);
    assertThat(last.written()).isEqualTo(150);
    assertThat(last.failed()).isEqualTo(50);
    assertThat(last.handled()).isEqualTo(200);
    assertThat(last.rowsPerSecond()).isPositive();
    assertThat(last.eta()).isEqualTo(Duration.ZERO);

    seen.clear();
    job.run(row -> Map.of());
    last = seen.getLast();
    assertThat(last.skipped()).isEqualTo(150);
    assertThat(last.written()).isEqualTo(50);
  }

  @Test
  void printing_tellsWhatARerunFoundAndDid() throws Exception {
    Path in = Files2.numbered(dir, "in.jsonl", 10);
    Path out = dir.resolve("out.jsonl");
    JsonlJob.map(in, out).key(Key.field("id")).run(row -> Map.of());
    String text = Files2.text(out);
    Files.writeString(out, text.substring(0, text.indexOf("{\"id\":8") + 5)); // torn row 8
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    JsonlJob.map(in, out).key(Key.field("id")).listener(JobListener.printing(print))
        .run(row -> Map.of());
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed).startsWith("sluice-jsonl: resuming " + out + ": 8 rows done (8 keys);"
        + " cut a torn last line (5 bytes at line 9); read in ");
    assertThat(printed).contains("sluice-jsonl: 10/10 rows (8 skipped as done, 0 failed, 0 rejected)");
    assertThat(printed).contains("sluice-jsonl: done: 2 rows written, 8 skipped as done, 0 failed,"
        + " 0 rejected in ");
  }
}
