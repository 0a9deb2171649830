package dev.sluice.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's settings, from its command line:
 *
 * <pre>
 * [--quick] [--warmup=N] [--reps=N] [--frameworks=a,b,...] [--out=DIR]
 * [--memory-small=N] [--memory-large=N] [--scale=F] [WORKLOAD...]
 * </pre>
 *
 * With no workload named, every workload runs. {@code --quick} is a smoke run: a tenth of the
 * items, one warm-up and three measured rounds, and 100k / 1M items for the memory workload.
 * {@code --scale} multiplies the item counts of the in-process workloads.
 *
 * @param workloads the workloads to run, in the harness's order
 * @param frameworks the frameworks to run, Sluice first
 * @param quick whether this is a smoke run
 * @param warmups unmeasured rounds per workload
 * @param reps measured rounds per workload (the median is reported)
 * @param scale multiplier of the in-process workloads' item counts
 * @param memorySmall items of the memory workload's first child JVM
 * @param memoryLarge items of its second
 * @param out where the report and chart go
 */
public record Options(
    List<String> workloads,
    List<String> frameworks,
    boolean quick,
    int warmups,
    int reps,
    double scale,
    long memorySmall,
    long memoryLarge,
    Path out) {

  /** Every workload, in the order they run. */
  public static final List<String> WORKLOADS =
      List.of("overhead-ordered", "overhead-unordered", "latency", "pipeline", "memory", "cpu");

  /**
   * Parses the command line.
   *
   * @throws IllegalArgumentException on an unknown option, workload or framework
   */
  public static Options parse(String... args) {
    boolean quick = false;
    Integer warmups = null;
    Integer reps = null;
    Double scale = null;
    Long memorySmall = null;
    Long memoryLarge = null;
    Path out = Path.of("bench-results");
    List<String> frameworks = Contenders.ALL;
    List<String> named = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.startsWith("--warmup=")) {
        warmups = atLeast(0, Integer.parseInt(value(arg)), arg);
      } else if (arg.startsWith("--reps=")) {
        reps = atLeast(1, Integer.parseInt(value(arg)), arg);
      } else if (arg.startsWith("--scale=")) {
        scale = Double.parseDouble(value(arg));
        if (!(scale > 0)) {
          throw new IllegalArgumentException(arg + ": the scale must be positive");
        }
      } else if (arg.startsWith("--memory-small=")) {
        memorySmall = (long) atLeast(1, count(value(arg)), arg);
      } else if (arg.startsWith("--memory-large=")) {
        memoryLarge = (long) atLeast(1, count(value(arg)), arg);
      } else if (arg.startsWith("--out=")) {
        out = Path.of(value(arg));
      } else if (arg.startsWith("--frameworks=")) {
        List<String> chosen = List.of(value(arg).split(","));
        for (String name : chosen) {
          if (!Contenders.ALL.contains(name)) {
            throw new IllegalArgumentException("unknown framework " + name + "; known: " + Contenders.ALL);
          }
        }
        if (!chosen.contains("sluice")) {
          throw new IllegalArgumentException("--frameworks must include sluice");
        }
        frameworks = Contenders.ALL.stream().filter(chosen::contains).toList();
      } else if (arg.startsWith("-")) {
        throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
      } else if (WORKLOADS.contains(arg)) {
        named.add(arg);
      } else {
        throw new IllegalArgumentException("unknown workload " + arg + "; known: " + WORKLOADS);
      }
    }
    List<String> workloads =
        named.isEmpty() ? WORKLOADS : WORKLOADS.stream().filter(named::contains).toList();
    return new Options(
        workloads,
        frameworks,
        quick,
        warmups != null ? warmups : quick ? 1 : 2,
        reps != null ? reps : quick ? 3 : 5,
        scale != null ? scale : quick ? 0.1 : 1.0,
        memorySmall != null ? memorySmall : quick ? 100_000 : 1_000_000,
        memoryLarge != null ? memoryLarge : quick ? 1_000_000 : 10_000_000,
        out);
  }

  /** The command line's help text. */
  public static String usage() {
    return """
        usage: scripts/bench [--quick] [--warmup=N] [--reps=N] [--scale=F]
                             [--frameworks=sluice,reactor,rxjava,pekko,gatherers]
                             [--memory-small=N] [--memory-large=N] [--out=DIR] [WORKLOAD...]
               scripts/bench --jmh [JMH OPTIONS] [REGEX]
        workloads: %s
        """.formatted(String.join(" ", WORKLOADS));
  }

  /** An item count scaled by {@link #scale}, at least 1. */
  public long scaled(long items) {
    return Math.max(1, Math.round(items * scale));
  }

  private static String value(String arg) {
    return arg.substring(arg.indexOf('=') + 1);
  }

  /** Reads a count such as {@code 500000}, {@code 100k} or {@code 10M}. */
  static long count(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    long unit = 1;
    if (t.endsWith("k")) {
      unit = 1_000;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      unit = 1_000_000;
      t = t.substring(0, t.length() - 1);
    }
    return Math.round(Double.parseDouble(t) * unit);
  }

  private static <N extends Number> N atLeast(long min, N value, String arg) {
    if (value.longValue() < min) {
      throw new IllegalArgumentException(arg + ": must be at least " + min);
    }
    return value;
  }
}
