package dev.sluice.bench;

import java.util.List;
import java.util.Map;

/**
 * What the chart draws for one workload: for each framework one bar per series.
 *
 * @param title the panel's title
 * @param unit what the bars measure, e.g. {@code items/s}
 * @param series the bars of each framework, e.g. one for {@code items/s}, or {@code 1 thread}
 *     and {@code all cores}
 * @param values for each framework, one value per series (NaN when missing)
 * @param lowerIsBetter whether smaller bars are better (heap figures)
 * @param verdict PASS or MISS and why, shown under the title
 * @param targetValue where Sluice's bar must reach to meet the target, drawn as a dashed line;
 *     NaN when the target is not a bar height
 * @param targetLabel the dashed line's label
 */
public record ChartPanel(
    String title,
    String unit,
    List<String> series,
    Map<String, double[]> values,
    boolean lowerIsBetter,
    String verdict,
    double targetValue,
    String targetLabel) {

  /** A panel with no target line. */
  public ChartPanel(
      String title, String unit, List<String> series, Map<String, double[]> values, boolean lowerIsBetter,
      String verdict) {
    this(title, unit, series, values, lowerIsBetter, verdict, Double.NaN, "");
  }

  /** This panel with a target line. */
  public ChartPanel withTarget(double value, String label) {
    return new ChartPanel(title, unit, series, values, lowerIsBetter, verdict, value, label);
  }
}
