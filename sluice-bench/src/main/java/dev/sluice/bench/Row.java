package dev.sluice.bench;

/**
 * One framework's figure in one workload.
 *
 * @param framework the framework's name
 * @param itemsPerSecond the median throughput; NaN when it failed
 * @param note more detail for the report (a failure's reason, durations, heap figures)
 */
public record Row(String framework, double itemsPerSecond, String note) {
  public boolean failed() {
    return Double.isNaN(itemsPerSecond);
  }
}
