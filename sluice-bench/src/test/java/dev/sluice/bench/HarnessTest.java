package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end with tiny sizes: workloads, the memory workload's child JVM, the
 * report's machine-readable lines and the chart. Asserts shapes and formats, never timings.
 */
class HarnessTest {
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(progress, true, StandardCharsets.UTF_8);

  @Test
  void runsTheInProcessWorkloadsAndReportsEveryOne(@TempDir Path out) throws Exception {
    Options options =
        Options.parse("--frameworks=sluice,gatherers", "--warmup=0", "--reps=1", "--scale=0.002",
            "--out=" + out, "overhead-ordered", "overhead-unordered", "pipeline", "cpu");
    List<Contender> contenders = Contenders.create(options.frameworks());
    List<WorkloadResult> results = new ArrayList<>();
    try (Rounds rounds = new Rounds(options.warmups(), options.reps(), Duration.ofMinutes(1), log)) {
      Session session = new Session(options, contenders, rounds, log);
      for (Workload workload : BenchMain.workloads(options)) {
        results.add(workload.run(session));
      }
    } finally {
      Contenders.closeAll(contenders);
    }

    assertThat(results).extracting(WorkloadResult::name)
        .containsExactly("overhead-ordered", "overhead-unordered", "pipeline", "cpu");
    for (WorkloadResult result : results) {
      assertThat(result.rows()).extracting(Row::framework).containsExactly("sluice", "gatherers");
      assertThat(result.rows()).allSatisfy(row -> assertThat(row.failed()).as(row.note()).isFalse());
      assertThat(Report.machineLine(result))
          .matches("bench " + result.name() + " sluice=\\d+ best-peer=\\d+ ratio=[0-9.]+"
              + " best-peer-name=gatherers result=(PASS|MISS).*");
    }
    String report = Report.render("heading", results);
    assertThat(report).contains("overhead-ordered", "sluice/best", "bench cpu ");

    Path png = out.resolve("chart.png");
    Chart.write("title", "subtitle", results, png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isGreaterThan(1000);
    assertThat(image.getHeight()).isGreaterThan(400);
  }

  @Test
  void theMemoryWorkloadRunsEachSizeInAChildJvmUnderTheHeapLimit(@TempDir Path out) {
    Options options =
        Options.parse("--frameworks=sluice", "--memory-small=1000", "--memory-large=3000", "--out=" + out, "memory");
    WorkloadResult result;
    try (Rounds rounds = new Rounds(0, 1, Duration.ofMinutes(1), log)) {
      List<Contender> none = List.of(new SluiceContender());
      try {
        result = new MemoryWorkload(Duration.ofMillis(10)).run(new Session(options, none, rounds, log));
      } finally {
        Contenders.closeAll(none);
      }
    }

    assertThat(result.sluice().failed()).as(result.sluice().note()).isFalse();
    assertThat(result.extras()).containsKeys("sluice-peak-small", "sluice-peak-large", "growth");
    assertThat(result.sluice().note()).contains("peak after GC", "(1k)", "(3k)");
  }

  @Test
  void aChildThatFailsIsReportedWithItsOutput() {
    MemoryWorkload workload = new MemoryWorkload(Duration.ofMillis(10));

    assertThatThrownBy(() -> workload.runChild("no-such-framework", 10))
        .hasMessageContaining("child exited with")
        .hasMessageContaining("unknown framework no-such-framework");
  }

  @Test
  void optionsDefaultToEveryWorkloadAndFrameworkAndQuickShrinksTheRun() {
    Options full = Options.parse();
    Options quick = Options.parse("--quick", "latency");

    assertThat(full.workloads()).isEqualTo(Options.WORKLOADS);
    assertThat(full.frameworks()).isEqualTo(Contenders.ALL);
    assertThat(full.reps()).isGreaterThanOrEqualTo(5);
    assertThat(full.memoryLarge()).isEqualTo(10_000_000);
    assertThat(quick.workloads()).containsExactly("latency");
    assertThat(quick.scaled(1_000_000)).isEqualTo(100_000);
    assertThatThrownBy(() -> Options.parse("--frameworks=reactor")).hasMessageContaining("sluice");
    assertThatThrownBy(() -> Options.parse("nope")).hasMessageContaining("unknown workload");
  }
}
