package dev.sluice.bench;

import java.util.Locale;

/** Number formats shared by the report and the chart. */
public final class Format {
  private Format() {}

  /** A rate or count in short form: {@code 5.12M}, {@code 812k}, {@code 950}; "-" for NaN. */
  public static String rate(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    if (value >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", value / 1e6);
    }
    if (value >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", value / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", value);
  }

  /** A ratio: {@code 6.48x}; "-" for NaN. */
  public static String ratio(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2fx", value);
  }

  /** Bytes as mebibytes: {@code 41.3 MB}. */
  public static String mb(double bytes) {
    return Double.isNaN(bytes) ? "-" : String.format(Locale.ROOT, "%.1f MB", bytes / (1024 * 1024));
  }

  /** A number for the machine-readable lines: plain digits, up to 4 decimals, NaN as "NaN". */
  public static String plain(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }

  /** A rate or count for the machine-readable lines, rounded to a whole number. */
  public static String whole(double value) {
    return Double.isNaN(value) ? "NaN" : Long.toString(Math.round(value));
  }

  /** Seconds with milliseconds: {@code 1.013 s}. */
  public static String seconds(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f s", value);
  }
}
