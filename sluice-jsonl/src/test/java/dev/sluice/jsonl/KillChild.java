package dev.sluice.jsonl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * The job the kill test runs in a child JVM and kills: a function that takes a random 0-5 ms
 * and fails 5% of its calls (random per call, so reruns converge). Prints {@code STARTED} once
 * the job has read its output and is about to process rows. Exits 0 when the job is complete,
 * 3 when rows are left (failed rows, or an ordered run stopped at one).
 *
 * <p>Usage: {@code KillChild map|map-unordered|bykey|bykey-unordered|create IN OUT}
 */
public final class KillChild {
  static final double FAILURE_RATE = 0.05;

  private KillChild() {}

  /** The map value of a row; the test checks every output row against it. */
  static long mapValue(long x) {
    return x * 3 + 1;
  }

  /** The mapByKey value of a group. */
  static long groupValue(long g) {
    return g * 7 + 5;
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path in = Path.of(args[1]);
    Path out = Path.of(args[2]);
    JobListener started = new JobListener() {
      @Override
      public void started(StartReport report) {
        System.out.println("STARTED " + report);
        System.out.flush();
      }
    };
    JobReport report =
        switch (mode) {
          case "map", "map-unordered" ->
              JsonlJob.map(in, out).key(Key.field("id")).concurrency(16)
                  .ordered(mode.equals("map"))
                  .retries(3, Duration.ofMillis(1)).listener(started)
                  .run(row -> Map.of("y", mapValue(work(row).get("x").asLong())));
          case "bykey", "bykey-unordered" ->
              JsonlJob.mapByKey(in, out).key(Key.field("g")).concurrency(16)
                  .ordered(mode.equals("bykey")).resultCache(50)
                  .keepColumns("id").resultField("r")
                  .retries(3, Duration.ofMillis(1)).listener(started)
                  .run(row -> groupValue(work(row).get("g").asLong()));
          case "create" ->
              JsonlJob.createOrResume(out).keyColumn("k").copies(3)
                  .keys(IntStream.range(0, 2000).boxed().toList())
                  .concurrency(16).retries(3, Duration.ofMillis(1)).listener(started)
                  .run(row -> Map.of("v", mapValue(work(row).get("k").asLong())));
          default -> throw new IllegalArgumentException(mode);
        };
    System.out.println("REPORT " + report);
    System.exit(report.complete() ? 0 : 3);
  }

  private static ObjectNode work(ObjectNode row) throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Thread.sleep(Duration.ofNanos(random.nextLong(5_000_001)));
    if (random.nextDouble() < FAILURE_RATE) {
      throw new IllegalStateException("random failure");
    }
    return row;
  }
}
