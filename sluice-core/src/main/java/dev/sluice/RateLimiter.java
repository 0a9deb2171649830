package dev.sluice;

import dev.sluice.internal.jfr.SluiceEvents;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A token bucket that paces work to at most {@code permits} per {@code per}, with a burst:
 * use it with {@link Pipeline#rateLimit(RateLimiter)} or call {@link #acquire()} directly.
 *
 * {@snippet :
 * RateLimiter api = RateLimiter.of(10, Duration.ofSeconds(1));   // 10 calls a second, evenly spaced
 * Pipeline.from(rows).rateLimit(api).mapConcurrent(8, this::call).drain(out::write);
 *
 * RateLimiter tokens = RateLimiter.of(90_000, Duration.ofMinutes(1)).withBurst(10_000);
 * Pipeline.from(prompts).rateLimit(tokens, Prompt::estimatedTokens).mapConcurrent(8, llm::complete);
 * }
 *
 * <h2>The guarantee</h2>
 * The bucket holds at most {@code burst} permits and refills continuously at {@code permits /
 * per}; it starts full. A request of weight {@code w} is granted once the bucket holds {@code
 * w} permits (or is full, when {@code w > burst}: the request then takes the bucket into debt,
 * which later requests wait out). Hence, in every span of time of length {@code per}, the
 * limiter grants at most {@code permits + burst - 1} permits when no single request weighs more
 * than {@code burst}; with the default burst of 1, at most {@code permits}: requests are spaced
 * evenly, one every {@code per / permits}. Time is read from the limiter's {@link Ticker}.
 *
 * <h2>Waiting and fairness</h2>
 * Each request reserves its grant time when it arrives, first come first served, and then parks
 * its thread until that time (it never spins). A waiting thread that is interrupted throws
 * {@link InterruptedException}; the permits it had reserved are spent (not given back). With a
 * ticker other than {@link Ticker#system()}, a waiting thread re-reads the ticker every
 * millisecond of real time, so a test can move time forward from another thread.
 *
 * <h2>Thread-safety</h2>
 * Thread-safe: one instance may be shared by any number of threads, stages and runs, and then
 * paces all of them together. {@link #withBurst} and {@link #withTicker} return new limiters
 * with a fresh, full bucket; configure a limiter before sharing it.
 */
public final class RateLimiter {
  private static final long MAX_NANOS = Long.MAX_VALUE / 4;
  /** How often a thread waiting on a non-system ticker re-reads it, in real time. */
  private static final long POLL_NANOS = 1_000_000L;

  private final int permits;
  private final Duration per;
  private final int burst;
  private final Ticker ticker;
  private final boolean systemTime;
  /** The time one permit takes to refill, as {@code wholeNanos + fracNanos / permits}. */
  private final long wholeNanos;
  private final long fracNanos;

  /**
   * The time at which the bucket was, or will be, empty, extrapolated from the grants so far:
   * the bucket holds {@code min(burst, (now - empty) / unit)} permits. Kept exactly as
   * {@code emptyNanos + emptyFrac / permits} so that rounding never adds a permit. Guarded by
   * {@code this}.
   */
  private long emptyNanos;
  private long emptyFrac;
  private boolean started;

  private final LongAdder waitedNanos = new LongAdder();
  private final LongAdder granted = new LongAdder();

  private RateLimiter(int permits, Duration per, int burst, Ticker ticker) {
    this.permits = permits;
    this.per = per;
    this.burst = burst;
    this.ticker = ticker;
    this.systemTime = ticker == Ticker.system();
    long perNanos = saturatedNanos(per);
    this.wholeNanos = perNanos / permits;
    this.fracNanos = perNanos % permits;
  }

  /**
   * A limiter granting at most {@code permits} per {@code per}, evenly spaced (burst 1), on the
   * system clock.
   *
   * @param permits how many permits per period; at least 1
   * @param per the period; positive
   * @return a new limiter with a full bucket
   * @throws IllegalArgumentException if {@code permits < 1} or {@code per} is not positive
   */
  public static RateLimiter of(int permits, Duration per) {
    Pipeline.requireAtLeast("permits", permits, 1);
    Objects.requireNonNull(per, "per");
    if (per.isNegative() || per.isZero()) {
      throw new IllegalArgumentException("per must be positive, was " + per);
    }
    return new RateLimiter(permits, per, 1, Ticker.system());
  }

  /**
   * The same rate with a bucket of {@code burst} permits: after a pause, up to {@code burst}
   * permits are granted at once.
   *
   * @param burst the bucket size; at least 1
   * @return a new limiter with a full bucket
   * @throws IllegalArgumentException if {@code burst < 1}
   */
  public RateLimiter withBurst(int burst) {
    Pipeline.requireAtLeast("burst", burst, 1);
    return new RateLimiter(permits, per, burst, ticker);
  }

  /**
   * The same limiter reading time from {@code ticker}; for tests.
   *
   * @param ticker the source of time
   * @return a new limiter with a full bucket
   */
  public RateLimiter withTicker(Ticker ticker) {
    Objects.requireNonNull(ticker, "ticker");
    return new RateLimiter(permits, per, burst, ticker);
  }

  /**
   * Waits for one permit.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public void acquire() throws InterruptedException {
    acquire(1);
  }

  /**
   * Waits for {@code weight} permits, such as the tokens an LLM call will use. A request heavier
   * than the burst is granted when the bucket is full and leaves it in debt.
   *
   * @param weight how many permits; at least 1
   * @throws IllegalArgumentException if {@code weight < 1}
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public void acquire(int weight) throws InterruptedException {
    if (weight < 1) {
      throw new IllegalArgumentException("weight must be >= 1, was " + weight);
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    long[] reservation = reserve(weight);
    long now = reservation[0];
    long grantAt = reservation[1];
    if (grantAt <= now) {
      return;
    }
    long waitedUntil = now;
    try {
      while (true) {
        waitedUntil = ticker.nanoTime();
        long remaining = grantAt - waitedUntil;
        if (remaining <= 0) {
          return;
        }
        LockSupport.parkNanos(this, systemTime ? remaining : Math.min(remaining, POLL_NANOS));
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted while waiting for " + weight + " permits");
        }
      }
    } finally {
      long waited = Math.max(0, waitedUntil - now);
      waitedNanos.add(waited);
      SluiceEvents.rateLimitWait(weight, waited);
    }
  }

  /**
   * Reserves {@code weight} permits: returns the time read now and the time they are granted.
   * Package-private so that tests can check the schedule itself.
   */
  synchronized long[] reserve(int weight) {
    long now = ticker.nanoTime();
    if (!started) {
      started = true;
      // Starts full: empty {burst} units ago.
      setEmpty(now, 0);
      addToEmpty(-burst);
    }
    // The bucket holds min(burst, (t - empty) / unit); the request needs min(weight, burst).
    long needNanos = emptyNanos;
    long needFrac = emptyFrac;
    long[] need = plusUnits(needNanos, needFrac, Math.min(weight, burst));
    long grantAt = Math.max(now, need[1] > 0 ? need[0] + 1 : need[0]);
    // empty' = max(empty, grantAt - burst units) + weight units
    long[] full = plusUnits(grantAt, 0, -burst);
    if (compare(full[0], full[1], emptyNanos, emptyFrac) > 0) {
      setEmpty(full[0], full[1]);
    }
    addToEmpty(weight);
    granted.add(weight);
    return new long[] {now, grantAt};
  }

  /**
   * Total time threads have spent waiting for permits of this limiter, as read from its ticker.
   *
   * @return nanoseconds waited, summed over all threads
   */
  public long waitedNanos() {
    return waitedNanos.sum();
  }

  /**
   * Permits granted (reserved) so far.
   *
   * @return the sum of the weights of all requests
   */
  public long granted() {
    return granted.sum();
  }

  @Override
  public String toString() {
    return "RateLimiter[" + permits + " per " + per + ", burst " + burst + "]";
  }

  // ---------------------------------------------------------------- exact time arithmetic

  private void setEmpty(long nanos, long frac) {
    emptyNanos = nanos;
    emptyFrac = frac;
  }

  private void addToEmpty(long units) {
    long[] sum = plusUnits(emptyNanos, emptyFrac, units);
    setEmpty(sum[0], sum[1]);
  }

  /** {@code (nanos + frac / permits) + units * unit}, normalized so {@code 0 <= frac < permits}. */
  private long[] plusUnits(long nanos, long frac, long units) {
    long sign = Long.signum(units);
    long k = Math.abs(units);
    long whole = saturatedMultiply(k, wholeNanos);
    // k < 2^32 and fracNanos < permits < 2^31, so this cannot overflow.
    long fracSum = k * fracNanos;
    whole = saturatedAdd(whole, fracSum / permits);
    long part = fracSum % permits;
    long resultNanos = saturatedAdd(nanos, sign * whole);
    long resultFrac = frac + sign * part;
    if (resultFrac >= permits) {
      resultFrac -= permits;
      resultNanos++;
    } else if (resultFrac < 0) {
      resultFrac += permits;
      resultNanos--;
    }
    return new long[] {resultNanos, resultFrac};
  }

  private static int compare(long aNanos, long aFrac, long bNanos, long bFrac) {
    int c = Long.compare(aNanos, bNanos);
    return c != 0 ? c : Long.compare(aFrac, bFrac);
  }

  private static long saturatedMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if (high != 0 || low < 0 || low > MAX_NANOS) {
      return MAX_NANOS;
    }
    return low;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return sum;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return Math.min(duration.toNanos(), MAX_NANOS);
    } catch (ArithmeticException tooLong) {
      return MAX_NANOS;
    }
  }
}
