package dev.sluice.cli.ui;

import java.util.Locale;

/** Number formatting shared by the progress display and the summary. */
public final class Fmt {
  private Fmt() {}

  /**
   * A count with thousands separators: {@code 12,345}.
   *
   * @param n the count
   * @return the text
   */
  public static String n(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * A rate: one decimal below 10, none above.
   *
   * @param perSecond the rate
   * @return the text
   */
  public static String rate(double perSecond) {
    return perSecond < 10
        ? String.format(Locale.ROOT, "%.1f", perSecond)
        : String.format(Locale.ROOT, "%,d", Math.round(perSecond));
  }

  /**
   * A latency in nanoseconds, in the unit that reads best: {@code 850µs}, {@code 42ms}, {@code
   * 1.3s}.
   *
   * @param nanos the latency
   * @return the text
   */
  public static String latency(long nanos) {
    if (nanos < 1_000_000) {
      return (nanos / 1_000) + "µs";
    }
    if (nanos < 10_000_000_000L) {
      double ms = nanos / 1e6;
      return ms < 1_000
          ? String.format(Locale.ROOT, "%.0fms", ms)
          : String.format(Locale.ROOT, "%.1fs", ms / 1000);
    }
    return String.format(Locale.ROOT, "%.0fs", nanos / 1e9);
  }
}
