package dev.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sluice}: the top command; its work is in the subcommands {@code map}, {@code demo} and
 * {@code worker}.
 */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Map every row of a JSONL file through an HTTP API or a pool of worker processes,",
      "with bounded concurrency, retries, a rate limit and crash-safe resume; alone, or with",
      "the calls spread over a cluster of sluice workers."
    },
    footer = {
      "",
      "Examples:",
      "  sluice demo                    # a local demo: no setup, no network",
      "  sluice map in.jsonl -o out.jsonl --url https://api.example.com/v1/embed",
      "  sluice map in.jsonl -o out.jsonl -c 4 -- python3 worker.py",
      "  sluice worker --cluster jobs --members 10.0.0.5:5701,10.0.0.6:5701 --host 10.0.0.5",
      "  sluice map in.jsonl -o out.jsonl --url ... --cluster jobs --members 10.0.0.5:5701",
      "",
      "Run 'sluice map --help' or 'sluice worker --help' for all options."
    })
public final class SluiceCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: 'map', 'demo' or 'worker'");
  }
}
