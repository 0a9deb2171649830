package dev.sluice.cli.options;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as people type them on a command line: {@code 500ms}, {@code 30s}, {@code
 * 2m}, {@code 1h}, {@code 1.5s}. A unit is required, since a bare {@code 30} could mean
 * seconds or milliseconds and guessing wrong is a silent bug.
 */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @param text e.g. {@code 30s}
   * @return the duration, not negative
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; use a number and a unit: 500ms, 30s, 2m or 1h");
    }
    double value = Double.parseDouble(m.group(1));
    double millis =
        switch (m.group(2)) {
          case "ms" -> value;
          case "s" -> value * 1_000;
          case "m" -> value * 60_000;
          default -> value * 3_600_000;
        };
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }

  /**
   * Formats a duration short and readable: {@code 850ms}, {@code 4.2s}, {@code 3m05s}, {@code
   * 1h02m}.
   *
   * @param d the duration
   * @return the text
   */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1_000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = d.toSeconds();
    if (s < 3_600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3_600, (s % 3_600) / 60);
  }
}
