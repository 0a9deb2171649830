package dev.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.Pipeline;
import dev.sluice.jsonl.Durability;
import dev.sluice.jsonl.JobReport;
import dev.sluice.jsonl.JsonlJob;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The cost of sluice-jsonl's crash safety: rows/s of a resumable map job with a trivial
 * function under each durability policy, against a plain job that does the same work (read
 * the lines, parse, call the function on the same Sluice stage, merge, write through a buffered
 * writer) with no resume index, no lock, no whole-line writes and no torn-line check.
 *
 * <p>Why fair: both read the same file, parse with the same Jackson mapper, run the function on
 * an ordered {@code mapConcurrent} of the same concurrency, and write the same bytes; the plain
 * job is what people write by hand. The fsync-per-line policy runs on fewer rows, since each
 * line waits for the disk.
 *
 * <p>Run with {@code scripts/bench --jsonl [ROWS]}. Prints one table and one machine-readable
 * line per policy: {@code bench jsonl-<policy> rows-per-s=... plain=... ratio=...}.
 */
public final class JsonlBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CONCURRENCY = 8;
  private static final int ROUNDS = 3;

  private JsonlBench() {}

  /** A durability policy and how many rows to measure it on. */
  private record Policy(String name, Durability durability, int rows) {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Path dir = Files.createTempDirectory("sluice-jsonl-bench");
    try {
      Path input = dir.resolve("in.jsonl");
      writeInput(input, rows);
      double plain = median(() -> plainJob(input, dir.resolve("plain.jsonl"), rows));
      List<String[]> table = new ArrayList<>();
      List<Policy> policies =
          List.of(
              new Policy("flush-each-line", Durability.flushEachLine(), rows),
              new Policy("fsync-every-1000", Durability.fsyncEvery(1000, Duration.ofSeconds(1)), rows),
              new Policy("fsync-each-line", Durability.fsyncEachLine(), Math.min(rows, 5_000)));
      System.out.printf("plain buffered writer: %,.0f rows/s%n", plain);
      for (Policy policy : policies) {
        Path policyInput = policy.rows() == rows ? input : dir.resolve("in-" + policy.rows() + ".jsonl");
        if (policy.rows() != rows) {
          writeInput(policyInput, policy.rows());
        }
        double rate =
            median(() -> resumableJob(policyInput, dir.resolve(policy.name() + ".jsonl"), policy));
        table.add(new String[] {policy.name(), String.format("%,.0f", rate), String.format("%.2f", rate / plain)});
        System.out.printf(
            "bench jsonl-%s rows-per-s=%.0f plain=%.0f ratio=%.3f%n", policy.name(), rate, plain, rate / plain);
      }
      System.out.printf("%n%-18s %14s %18s%n", "policy", "rows/s", "÷ plain writer");
      for (String[] row : table) {
        System.out.printf("%-18s %14s %18s%n", row[0], row[1], row[2]);
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static Map<String, Object> function(ObjectNode row) {
    return Map.of("length", row.path("text").asText().length());
  }

  private static double resumableJob(Path input, Path output, Policy policy) throws Exception {
    deleteJobFiles(output);
    int rows = policy.rows();
    long start = System.nanoTime();
    JobReport report =
        JsonlJob.map(input, output)
            .concurrency(CONCURRENCY)
            .durability(policy.durability())
            .run(JsonlBench::function);
    long nanos = System.nanoTime() - start;
    if (report.written() != rows) {
      throw new IllegalStateException("wrote " + report.written() + " of " + rows + " rows");
    }
    return rows / (nanos / 1e9);
  }

  private static double plainJob(Path input, Path output, int rows) throws Exception {
    long start = System.nanoTime();
    long written;
    try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      written =
          Pipeline.lines(input)
              .mapConcurrent(
                  CONCURRENCY,
                  line -> {
                    ObjectNode row = (ObjectNode) JSON.readTree(line);
                    function(row).forEach((k, v) -> row.set(k, JSON.valueToTree(v)));
                    return JSON.writeValueAsString(row);
                  })
              .drain(
                  line -> {
                    out.write(line);
                    out.newLine();
                  });
    }
    if (written != rows) {
      throw new IllegalStateException("wrote " + written + " of " + rows + " rows");
    }
    return rows / ((System.nanoTime() - start) / 1e9);
  }

  /** The median rate of a warm-up run and {@link #ROUNDS} measured runs. */
  private static double median(RateRun run) throws Exception {
    run.rate();
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      rates.add(run.rate());
    }
    rates.sort(Comparator.naturalOrder());
    return rates.get(rates.size() / 2);
  }

  @FunctionalInterface
  private interface RateRun {
    double rate() throws Exception;
  }

  private static void writeInput(Path input, int rows) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
      for (int i = 0; i < rows; i++) {
        out.write("{\"id\":" + i + ",\"text\":\"review number " + i + " was fine\"}");
        out.newLine();
      }
    }
  }

  /** Removes an output and the files the job keeps beside it, so each round starts afresh. */
  private static void deleteJobFiles(Path output) throws IOException {
    String name = output.getFileName().toString();
    try (Stream<Path> files = Files.list(output.getParent())) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(name)).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
