package dev.sluice.bench;

import java.time.Duration;

/**
 * The memory workload's child JVM: runs one framework once, under the heap limit the parent
 * gave it, and prints one {@code memory-result} line. Started by {@link MemoryWorkload}.
 *
 * <pre>
 * java -Xmx128m -cp ... dev.sluice.bench.MemoryChild FRAMEWORK ITEMS [SLOW_MILLIS]
 * </pre>
 */
public final class MemoryChild {
  private MemoryChild() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: MemoryChild FRAMEWORK ITEMS [SLOW_MILLIS]");
      System.exit(2);
    }
    String framework = args[0];
    long items = Options.count(args[1]);
    Duration slowFor =
        args.length > 2 ? Duration.ofMillis(Long.parseLong(args[2])) : MemoryRun.SLOW_FOR;
    MemoryRun.Figures figures;
    try (Contender contender = Contenders.create(framework)) {
      figures = MemoryRun.run(contender, items, slowFor);
    }
    System.out.println(figures.line(framework));
  }
}
