package dev.sluice.cli.http;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Reads a {@code Retry-After} header: a number of seconds, or an HTTP date. */
final class RetryAfter {
  private RetryAfter() {}

  /**
   * Parses the header.
   *
   * @param value the header value, or null when there is none
   * @param fallback the delay to use when the value is missing or unreadable
   * @return the delay, not negative
   */
  static Duration parse(String value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    String text = value.trim();
    try {
      long seconds = Long.parseLong(text);
      return Duration.ofSeconds(Math.max(0, seconds));
    } catch (NumberFormatException e) {
      // not seconds: an HTTP date
    }
    try {
      ZonedDateTime when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration delay = Duration.between(ZonedDateTime.now(when.getZone()), when);
      return delay.isNegative() ? Duration.ZERO : delay;
    } catch (RuntimeException e) {
      return fallback;
    }
  }
}
