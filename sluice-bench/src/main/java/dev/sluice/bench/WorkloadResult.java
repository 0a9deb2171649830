package dev.sluice.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one workload: every framework's figure, Sluice against the best peer, and
 * whether Sluice met the target.
 *
 * @param name the workload's name
 * @param description what it does, in a line
 * @param target the target, in words, e.g. {@code >= 5x best peer}
 * @param rows one per framework, Sluice first
 * @param bestPeer the peer with the highest throughput, or null when none succeeded
 * @param pass whether Sluice met the target
 * @param verdict why it passed or missed, in a line
 * @param extras more figures for the machine-readable line, in order
 * @param panel what the chart draws
 */
public record WorkloadResult(
    String name,
    String description,
    String target,
    List<Row> rows,
    Row bestPeer,
    boolean pass,
    String verdict,
    Map<String, String> extras,
    ChartPanel panel) {

  /** Builds a result, picking the best peer from the rows. */
  public static WorkloadResult of(
      String name,
      String description,
      String target,
      List<Row> rows,
      boolean pass,
      String verdict,
      Map<String, String> extras,
      ChartPanel panel) {
    Row best = null;
    for (Row row : rows) {
      if (!row.framework().equals("sluice") && !row.failed()
          && (best == null || row.itemsPerSecond() > best.itemsPerSecond())) {
        best = row;
      }
    }
    return new WorkloadResult(
        name, description, target, List.copyOf(rows), best, pass, verdict,
        new LinkedHashMap<>(extras), panel);
  }

  /** Sluice's row. */
  public Row sluice() {
    return rows.stream().filter(r -> r.framework().equals("sluice")).findFirst().orElseThrow();
  }

  /** A framework's row, or null. */
  public Row row(String framework) {
    return rows.stream().filter(r -> r.framework().equals(framework)).findFirst().orElse(null);
  }

  /** Sluice's throughput over the best peer's; NaN when either is missing. */
  public double ratio() {
    return bestPeer == null ? Double.NaN : sluice().itemsPerSecond() / bestPeer.itemsPerSecond();
  }
}
