package dev.sluice.cli.demo;

import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.MapCommand;
import dev.sluice.cli.ui.Console;
import dev.sluice.cli.ui.Fmt;
import dev.sluice.cli.ui.ResumeHint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice demo}: the main job end to end with no setup and no network. Writes sample
 * reviews, starts a local API that simulates latency, 429s with Retry-After and 500s, and runs
 * {@code sluice map} against it, exactly as a user would, with the command printed. Run it
 * again and it resumes; interrupt it with Ctrl-C and run it again to see the resume pick up.
 * With {@code --workers N} it also starts N {@code sluice worker}s on 127.0.0.1 and runs the
 * map on them ({@code --cluster}), the scale-out path with no setup.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs 'sluice map' end to end against a local simulated API (127.0.0.1 only): sample",
      "reviews in, sentiment scores out. Run it again to see it resume; press Ctrl-C midway,",
      "then run it again, to see an interrupted run continue. With --workers 2, the requests",
      "are sent by two 'sluice worker's started on this machine (a Hazelcast cluster)."
    })
public final class DemoCommand implements Callable<Integer> {
  private final Console console;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "sluice-demo",
      description = "Where the demo's files go (default: ./${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "3000",
      description = "How many sample rows (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "24",
      description = "Requests in flight (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
      description = "auto, bar, lines or none (default: ${DEFAULT-VALUE}).")
  String progress;

  @Option(names = "--restart", description = "Start over (the old output is moved aside).")
  boolean restart;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "0",
      description = "Also start N 'sluice worker's on this machine (a Hazelcast cluster on "
          + "127.0.0.1) and send the requests from them (default: ${DEFAULT-VALUE}, none).")
  int workers;

  /**
   * Creates the command.
   *
   * @param console where to report
   */
  public DemoCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (rows < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--rows must be at least 1, was " + rows);
    }
    if (workers < 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--workers must be 0 or more, was " + workers);
    }
    Files.createDirectories(dir);
    Path input = dir.resolve("reviews.jsonl");
    Path output = dir.resolve("scored.jsonl");
    if (!Files.exists(input) || countLines(input) != rows) {
      DemoData.write(input, rows);
      console.line("sluice demo: wrote " + Fmt.n(rows) + " sample reviews to " + input);
    }
    String program = System.getProperty("sluice.program", "sluice");
    try (DemoServer server = DemoServer.start();
        DemoWorkers cluster = workers == 0 ? null : startWorkers(program)) {
      List<String> args = new ArrayList<>(List.of(
          input.toString(), "-o", output.toString(),
          "--url", server.url().toString(),
          "--body-template", "{\"text\": ${.text}}",
          "--key", "id",
          "-c", Integer.toString(concurrency),
          "--retries", "5", "--backoff", "200ms", "--timeout", "5s",
          "--progress", progress));
      if (restart) {
        args.add("--restart");
      }
      if (cluster != null) {
        args.addAll(List.of("--cluster", cluster.cluster, "--members", String.join(",", cluster.addresses)));
      }
      console.line("sluice demo: a simulated API is listening on " + server.url()
          + " (5-60 ms per request; 1.5% answer 429 with Retry-After, 1.5% answer 500,");
      console.line("             and the few reviews with an empty text get 422). Running:");
      console.line("  " + program + " map " + String.join(" ", args.stream().map(ResumeHint::quote).toList()));
      console.line("");
      CommandLine map = new CommandLine(new MapCommand(console));
      map.setParameterExceptionHandler((e, a) -> {
        console.line("sluice demo: " + e.getMessage());
        return ExitCodes.USAGE;
      });
      int code = map.execute(args.toArray(String[]::new));
      console.line("");
      console.line("sluice demo: the API saw " + server.stats() + ".");
      if (code == ExitCodes.SOME_FAILED || code == ExitCodes.OK) {
        console.line("sluice demo: results are in " + output + " (one line per review, with a"
            + " \"result\" field);");
        console.line("             the reviews with an empty text are in "
            + dir.resolve("scored.errors.jsonl") + ", failed on purpose (HTTP 422).");
        console.line("             Run '" + program + " demo' again: it resumes and skips every"
            + " row already done. '" + program + " demo --restart' starts over.");
        return ExitCodes.OK; // the only failures are the planted ones
      }
      return code;
    }
  }

  private DemoWorkers startWorkers(String program) throws IOException, InterruptedException {
    console.line("sluice demo: starting " + workers + " workers on this machine, as with:");
    DemoWorkers cluster = DemoWorkers.start(workers, dir);
    for (int i = 0; i < workers; i++) {
      console.line("  " + cluster.command(program, i) + "    # log: " + cluster.logs.get(i));
    }
    return cluster;
  }

  private static long countLines(Path file) throws IOException {
    try (var lines = Files.lines(file)) {
      return lines.count();
    }
  }
}
