package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice demo}, the README's quick start: the main job against its own local API, then a
 * rerun that resumes; and {@code --workers 2}, the same job sent from two local workers.
 */
class DemoIT {
  @TempDir Path dir;

  @Test
  void theDemoMapsEveryRowAndARerunResumes() throws Exception {
    Cli.Result first = Cli.run(dir, "demo", "--rows", "300", "--progress", "none");
    assertThat(first.code()).as(first.err()).isZero();
    Path output = dir.resolve("sluice-demo/scored.jsonl");
    Path errors = dir.resolve("sluice-demo/scored.errors.jsonl");
    // Every row ends up in the output, or in the errors file (the reviews planted with an
    // empty text, which the API refuses for good).
    assertThat(Waits.lines(output) + Waits.lines(errors)).isEqualTo(300);
    assertThat(Waits.lines(output)).isGreaterThan(280);
    assertThat(first.err()).contains("sluice demo: the API saw").contains("Run '");

    Cli.Result again = Cli.run(dir, "demo", "--rows", "300", "--progress", "none");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err()).contains("resuming");
    assertThat(Waits.lines(output) + Waits.lines(errors)).isEqualTo(300);
  }

  @Test
  void withWorkersTheRequestsGoThroughALocalCluster() throws Exception {
    Cli.Result r = Cli.start(dir, Map.of(), "demo", "--rows", "200", "--progress", "none",
        "--workers", "2").await(Duration.ofSeconds(150));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("starting 2 workers").contains("worker --cluster sluice-demo-")
        .contains("the calls run on cluster 'sluice-demo-").contains(": 2 workers (127.0.0.1:");
    assertThat(Waits.lines(dir.resolve("sluice-demo/scored.jsonl"))
        + Waits.lines(dir.resolve("sluice-demo/scored.errors.jsonl"))).isEqualTo(200);
    assertThat(Waits.text(dir.resolve("sluice-demo/worker-1.log"))).contains("sluice worker ready: 127.0.0.1:");
  }
}
