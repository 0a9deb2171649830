package dev.sluice;

/**
 * A snapshot of one stage's counters, read live from a {@link Run} or after it ended.
 *
 * @param name the stage's name: its operator, or the name given with {@link Pipeline#named}
 * @param in items that entered the stage
 * @param out items that left the stage
 * @param inFlight calls of the user's function running now
 * @param failed items whose call failed (each failed attempt counts)
 * @param retried attempts that failed and were tried again
 * @param skipped items that failed for good and went to a dead-letter sink
 * @param queued items held in the stage's hand-off now: waiting, running or done and not yet
 *     passed on (0 for fused stages, which hold none)
 * @param busyNanos total time spent in calls of the user's function
 * @param p50Nanos median latency of one call (about 9% precision; 0 before the first call)
 * @param p99Nanos 99th percentile latency of one call
 * @param workers the most calls the stage runs at once: its concurrency when the stage declares
 *     it, else the most calls seen in flight so far (0 for stages that make no calls)
 * @param capacity the most items the stage's hand-off holds, when the stage declares it; else 0
 */
public record StageMetrics(
    String name,
    long in,
    long out,
    long inFlight,
    long failed,
    long retried,
    long skipped,
    long queued,
    long busyNanos,
    long p50Nanos,
    long p99Nanos,
    long workers,
    long capacity) {

  /**
   * A snapshot without declared limits ({@code workers} and {@code capacity} 0).
   *
   * @param name the stage's name
   * @param in items that entered the stage
   * @param out items that left the stage
   * @param inFlight calls running now
   * @param failed failed calls
   * @param retried attempts tried again
   * @param skipped items sent to a dead-letter sink
   * @param queued items held in the stage's hand-off now
   * @param busyNanos total time spent in calls
   * @param p50Nanos median latency of one call
   * @param p99Nanos 99th percentile latency of one call
   */
  public StageMetrics(
      String name,
      long in,
      long out,
      long inFlight,
      long failed,
      long retried,
      long skipped,
      long queued,
      long busyNanos,
      long p50Nanos,
      long p99Nanos) {
    this(name, in, out, inFlight, failed, retried, skipped, queued, busyNanos, p50Nanos, p99Nanos, 0, 0);
  }

  @Override
  public String toString() {
    return name + ": in=" + in + " out=" + out + " inFlight=" + inFlight + " queued=" + queued
        + " failed=" + failed + " retried=" + retried + " skipped=" + skipped
        + " p50=" + p50Nanos / 1000 + "us p99=" + p99Nanos / 1000 + "us";
  }
}
