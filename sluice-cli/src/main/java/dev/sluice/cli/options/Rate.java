package dev.sluice.cli.options;

import dev.sluice.RateLimiter;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request rate such as {@code 10/s}, {@code 600/m} or {@code 0.5/s}: what {@code --rate}
 * accepts.
 *
 * @param perSecond requests per second, positive
 * @param text the text it was read from, for messages
 */
public record Rate(double perSecond, String text) {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|m|h)");

  /**
   * Parses a rate.
   *
   * @param text e.g. {@code 10/s}
   * @return the rate
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Rate parse(String text) {
    Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a rate; use requests per second, minute or hour: 10/s, 600/m,"
              + " 5000/h");
    }
    double n = Double.parseDouble(m.group(1));
    double perSecond =
        switch (m.group(2)) {
          case "s" -> n;
          case "m" -> n / 60;
          default -> n / 3_600;
        };
    if (perSecond <= 0) {
      throw new IllegalArgumentException("'" + text + "' is not a rate above zero");
    }
    return new Rate(perSecond, text.trim());
  }

  /**
   * A limiter for this rate: calls evenly spaced, one every {@code 1/rate} seconds, with no
   * burst, since the APIs people rate-limit for count requests per window and a burst at the
   * start is what trips them.
   *
   * @return a new limiter
   */
  public RateLimiter limiter() {
    return RateLimiter.of(1, Duration.ofNanos(Math.max(1, Math.round(1e9 / perSecond))));
  }
}
