package dev.sluice;

/**
 * The source of time for everything time-based in a run: batch windows, timeouts, back-off and
 * rate limits. Tests inject a manual ticker to make time-based behaviour deterministic;
 * production code uses {@link #system()}.
 *
 * <p>Implementations must be thread-safe and monotonic.
 */
@FunctionalInterface
public interface Ticker {
  /**
   * Returns the current time in nanoseconds from an arbitrary origin.
   *
   * @return the current time
   */
  long nanoTime();

  /**
   * Returns the ticker backed by {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

/** The ticker that reads {@link System#nanoTime()}. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }
}
