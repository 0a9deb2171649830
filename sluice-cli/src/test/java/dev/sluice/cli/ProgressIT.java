package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress as a user sees it: under a pseudo-terminal ({@code script}) {@code --progress auto}
 * draws a bar redrawn in place; without a terminal it prints plain lines, no carriage returns
 * or escape codes.
 */
class ProgressIT {
  @TempDir Path dir;

  private static TestApi slowApi() throws Exception {
    return new TestApi(r -> new TestApi.Late(Duration.ofMillis(25),
        TestApi.ok("{\"double\":" + 2 * r.json().get("n").asInt() + "}")));
  }

  @Test
  void barUnderAPseudoTerminal() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) is not installed");
    Path input = Rows.input(dir.resolve("in.jsonl"), 80, null);
    try (TestApi api = slowApi()) {
      List<String> command = Cli.command("map", input.toString(), "-o", "out.jsonl",
          "--url", api.url("/x"), "-c", "2", "--progress", "auto");
      String line = command.stream().map(dev.sluice.cli.ui.ResumeHint::quote)
          .collect(Collectors.joining(" "));
      Cli.Result r = Cli.startCommand(dir, Map.of("TERM", "xterm"),
          List.of("/usr/bin/script", "-qec", line, "/dev/null")).await(Duration.ofSeconds(90));
      String screen = r.all();
      assertThat(r.code()).as(screen).isZero();
      assertThat(screen).contains("\r\033[K[").contains("/80").contains("rows/s")
          .contains("80/80 100%").contains("sluice: done in");
    }
  }

  @Test
  void plainLinesWithoutATerminal() throws Exception {
    Path input = Rows.input(dir.resolve("in.jsonl"), 80, null);
    try (TestApi api = slowApi()) {
      Cli.Result r = Cli.run(dir, "map", input.toString(), "-o", "out.jsonl",
          "--url", api.url("/x"), "-c", "2", "--progress", "auto", "--progress-interval", "200ms");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).doesNotContain("\r").doesNotContain("\033")
          .containsPattern("(?m)^sluice: \\d+/80 \\(\\d+%\\) rows, [\\d.,]+ rows/s")
          .contains("sluice: 80/80 (100%) rows").contains("sluice: done in");
    }
  }
}
