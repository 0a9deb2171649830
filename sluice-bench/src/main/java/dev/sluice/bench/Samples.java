package dev.sluice.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The measured durations of one entrant, or why it failed.
 *
 * @param seconds the measured runs' durations, in the order they ran
 * @param failure null, or what went wrong (a wrong result, an exception, a time-out)
 */
public record Samples(List<Double> seconds, String failure) {

  public boolean failed() {
    return failure != null;
  }

  /** The median duration; NaN when the entrant failed or has no samples. */
  public double medianSeconds() {
    if (failed() || seconds.isEmpty()) {
      return Double.NaN;
    }
    return median(seconds);
  }

  /** The median throughput for runs of {@code items} items; NaN when failed. */
  public double itemsPerSecond(long items) {
    return items / medianSeconds();
  }

  /** The median of a non-empty list; the mean of the two middle values for an even count. */
  public static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
