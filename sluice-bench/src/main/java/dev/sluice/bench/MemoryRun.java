package dev.sluice.bench;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The memory workload's run, in the JVM whose heap is watched: payloads of 1 KiB, made as the
 * source is read, go through an ordered map of concurrency 64 into a sink that sleeps on every
 * item for its first second. A framework that does not push back on its source while the sink
 * is slow piles up payloads; one that does holds a fixed number whatever the input's size.
 */
public final class MemoryRun {
  static final int PAYLOAD_BYTES = 1024;
  static final int CONCURRENCY = 64;
  static final Duration SLOW_FOR = Duration.ofSeconds(1);
  static final Duration SLOW_DELAY = Duration.ofMillis(1);

  /** The map's function: touches the payload and passes it on. */
  static final Function<Items.Payload, Items.Payload> TOUCH =
      p -> {
        p.data()[0] = 1;
        return p;
      };

  private MemoryRun() {}

  /**
   * What one run measured.
   *
   * @param items how many items went through
   * @param seconds how long it took
   * @param peakUsed the heap pools' summed peaks, bytes
   * @param peakAfterGc the most heap in use after a collection, bytes
   * @param collections how many collections happened
   */
  public record Figures(long items, double seconds, long peakUsed, long peakAfterGc, int collections) {
    /** The line the child JVM prints, which {@link #parse} reads back. */
    public String line(String framework) {
      return String.format(
          java.util.Locale.ROOT,
          "memory-result framework=%s items=%d seconds=%s peak-used=%d peak-after-gc=%d collections=%d",
          framework, items, Double.toString(seconds), peakUsed, peakAfterGc, collections);
    }

    /** Reads a line made by {@link #line}; null if it is not one. */
    public static Figures parse(String line) {
      if (!line.startsWith("memory-result ")) {
        return null;
      }
      java.util.Map<String, String> kv = new java.util.HashMap<>();
      for (String part : line.substring("memory-result ".length()).split(" ")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          kv.put(part.substring(0, eq), part.substring(eq + 1));
        }
      }
      return new Figures(
          Long.parseLong(kv.get("items")),
          Double.parseDouble(kv.get("seconds")),
          Long.parseLong(kv.get("peak-used")),
          Long.parseLong(kv.get("peak-after-gc")),
          Integer.parseInt(kv.get("collections")));
    }
  }

  /**
   * Runs once on a contender, watching the heap, and checks the results.
   *
   * @param contender the framework
   * @param items how many payloads
   * @param slowFor how long the sink is slow from the start
   */
  public static Figures run(Contender contender, long items, Duration slowFor) {
    System.gc();
    try (HeapWatch watch = HeapWatch.start()) {
      Tally tally = new Tally();
      SlowStartSink sink = new SlowStartSink(slowFor, SLOW_DELAY, tally);
      long start = System.nanoTime();
      contender.mapOrdered(Items.payloads(items, PAYLOAD_BYTES), CONCURRENCY, TOUCH, sink);
      double seconds = (System.nanoTime() - start) / 1e9;
      tally.verify(items, Tally.sumOfRange(0, items), true);
      return new Figures(items, seconds, watch.peakUsed(), watch.peakAfterGc(), watch.collections());
    }
  }

  /** A sink that sleeps on every item until {@code slowFor} has passed since it was made. */
  static final class SlowStartSink implements Consumer<Items.Payload> {
    private final long slowUntil;
    private final Duration delay;
    private final Tally tally;
    private boolean slow = true;

    SlowStartSink(Duration slowFor, Duration delay, Tally tally) {
      this.slowUntil = System.nanoTime() + slowFor.toNanos();
      this.delay = delay;
      this.tally = tally;
    }

    @Override
    public void accept(Items.Payload payload) {
      if (slow) {
        if (System.nanoTime() - slowUntil < 0) {
          try {
            Thread.sleep(delay);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in the slow sink", e);
          }
        } else {
          slow = false;
        }
      }
      if (payload.data().length != PAYLOAD_BYTES) {
        throw new IllegalStateException("a payload of " + payload.data().length + " bytes");
      }
      tally.add(payload.index());
    }
  }
}
