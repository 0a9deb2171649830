package dev.sluice.jsonl.bench;

import dev.sluice.jsonl.JobReport;
import dev.sluice.jsonl.JsonlJob;
import dev.sluice.jsonl.Key;
import dev.sluice.jsonl.MapJob;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the resume of a big map job under a small heap: writes an input of N rows (5
 * million by default), runs the job over it, cuts the output as a crash would (the last 1% of
 * rows and half a line), and reruns it. Prints the rate of the first run, the resume scan rate
 * (output rows read per second into the key table), the time of the rerun (which also reads and
 * skips the whole input), the key table's size and the peak heap of each phase.
 *
 * <p>Not a unit test (it takes about a minute); run it by hand, with a small heap to check the
 * memory promise; see {@code sluice-jsonl/README.md}:
 *
 * <pre>
 * ./scripts/mvn -q -pl sluice-jsonl -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/classpath.txt
 * java -Xmx256m -cp "sluice-jsonl/target/test-classes:sluice-jsonl/target/classes:\
 * sluice-core/target/classes:$(cat sluice-jsonl/target/classpath.txt)" \
 *     dev.sluice.jsonl.bench.ResumeBench 5000000 /tmp/sluice-bench
 * </pre>
 *
 * A third argument {@code resume-only} writes the first run's output directly instead of
 * running the job, to measure the resume of bigger files quickly (e.g. 10 million rows under
 * {@code -Xmx512m}).
 */
public final class ResumeBench {
  private ResumeBench() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000;
    Path dir = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"))
        .resolve("sluice-resume-bench");
    Files.createDirectories(dir);
    Path in = dir.resolve("in.jsonl");
    Path out = dir.resolve("out.jsonl");
    for (String name : new String[] {"out.jsonl", "out.sluice.json", "out.errors.jsonl"}) {
      Files.deleteIfExists(dir.resolve(name));
    }
    System.out.printf(Locale.ROOT, "max heap %d MB, %d rows%n",
        Runtime.getRuntime().maxMemory() >> 20, rows);
    long t0 = System.nanoTime();
    writeInput(in, rows);
    System.out.printf(Locale.ROOT, "input: %,d bytes written in %.1f s%n", Files.size(in),
        seconds(t0));

    MapJob job = JsonlJob.map(in, out).key(Key.field("id")).concurrency(4);
    if (args.length > 2 && args[2].equals("resume-only")) {
      // Skip the first run: write its output directly (after an empty run has written the
      // job's identity file), to measure the resume alone on bigger files.
      Path empty = dir.resolve("empty.jsonl");
      Files.writeString(empty, "");
      JsonlJob.map(empty, out).key(Key.field("id")).concurrency(4).run(row -> Map.of());
      long t1 = System.nanoTime();
      writeOutput(out, rows);
      System.out.printf(Locale.ROOT, "output: %,d bytes written directly in %.1f s%n",
          Files.size(out), seconds(t1));
    } else {
      resetPeaks();
      long t1 = System.nanoTime();
      JobReport first = job.run(row -> Map.of("len", row.get("text").asText().length()));
      double firstSeconds = seconds(t1);
      System.out.printf(Locale.ROOT,
          "first run: %,d rows in %.1f s = %,.0f rows/s, peak heap %d MB%n",
          first.written(), firstSeconds, first.written() / firstSeconds, peakHeapMb());
    }

    long cut = crash(out, rows / 100);
    resetPeaks();
    long t2 = System.nanoTime();
    JobReport resumed = job.run(row -> Map.of("len", row.get("text").asText().length()));
    double resumeSeconds = seconds(t2);
    var start = resumed.start();
    double scanSeconds = start.scanTime().toNanos() / 1e9;
    System.out.printf(Locale.ROOT,
        "resume: cut %,d rows and a torn line (%,d bytes); scan of %,d output rows in %.2f s ="
            + " %,.0f rows/s; key table %,d MB (%.1f bytes/key)%n",
        cut, start.tornBytesCut(), start.outputRows(), scanSeconds,
        start.outputRows() / scanSeconds, start.keyTableBytes() >> 20,
        (double) start.keyTableBytes() / Math.max(1, start.keysDone()));
    System.out.printf(Locale.ROOT,
        "rerun: %,d skipped, %,d written in %.1f s (input read and skipped at %,.0f rows/s),"
            + " peak heap %d MB%n",
        resumed.skipped(), resumed.written(), resumeSeconds, rows / resumeSeconds, peakHeapMb());
    if (!resumed.complete() || resumed.skipped() + resumed.written() != rows) {
      throw new AssertionError("the rerun did not finish the job: " + resumed);
    }
  }

  private static void writeInput(Path in, long rows) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(in)) {
      for (long i = 0; i < rows; i++) {
        w.write("{\"id\":\"row-");
        w.write(Long.toString(i));
        w.write("\",\"text\":\"the quick brown fox ");
        w.write(Long.toString(i * 7919 % 100_000));
        w.write("\",\"n\":");
        w.write(Long.toString(i));
        w.write("}\n");
      }
    }
  }

  /** The output the first run would have written. */
  private static void writeOutput(Path out, long rows) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(out)) {
      for (long i = 0; i < rows; i++) {
        String text = "the quick brown fox " + (i * 7919 % 100_000);
        w.write("{\"id\":\"row-");
        w.write(Long.toString(i));
        w.write("\",\"text\":\"");
        w.write(text);
        w.write("\",\"n\":");
        w.write(Long.toString(i));
        w.write(",\"len\":");
        w.write(Integer.toString(text.length()));
        w.write("}\n");
      }
    }
  }

  /** Cuts the last {@code rows} lines and leaves half of the next one, as a kill would. */
  private static long crash(Path out, long rows) throws IOException {
    long size = Files.size(out);
    try (FileChannel channel = FileChannel.open(out, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      long position = size - 1;
      long lines = 0;
      java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
      while (position > 0 && lines <= rows) {
        one.clear();
        channel.read(one, --position);
        if (one.get(0) == '\n') {
          lines++;
        }
      }
      channel.truncate(position + 1 + 20); // the newline, then 20 bytes of the next row
    }
    return rows;
  }

  // The module does not read java.management, so the peak heap is sampled: every 2 ms a
  // virtual thread reads the used heap (total - free) and keeps the largest value.
  private static final java.util.concurrent.atomic.AtomicLong PEAK =
      new java.util.concurrent.atomic.AtomicLong();

  static {
    Thread sampler = new Thread(() -> {
      Runtime runtime = Runtime.getRuntime();
      while (true) {
        PEAK.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private static void resetPeaks() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    PEAK.set(runtime.totalMemory() - runtime.freeMemory());
  }

  private static long peakHeapMb() {
    return PEAK.get() >> 20;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
