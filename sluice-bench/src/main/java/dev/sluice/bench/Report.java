package dev.sluice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the results as text: a table of items/s per workload and framework with Sluice's ratio
 * to the best peer and its verdict, the details behind each row, and one machine-readable line
 * per workload:
 *
 * <pre>
 * bench overhead-ordered sluice=5120000 best-peer=790000 ratio=6.4810 best-peer-name=pekko result=PASS
 * </pre>
 *
 * {@code sluice} and {@code best-peer} are items/s; workloads add their own figures after
 * {@code result} (the latency's seconds, the memory's peak heap in bytes, the CPU speed-up).
 */
public final class Report {
  private Report() {}

  /** The whole report. */
  public static String render(String heading, List<WorkloadResult> results) {
    List<String> frameworks =
        results.isEmpty() ? List.of() : results.getFirst().rows().stream().map(Row::framework).toList();
    StringBuilder out = new StringBuilder();
    out.append(heading).append('\n').append('\n');
    List<String> header = new ArrayList<>(List.of("workload"));
    header.addAll(frameworks);
    header.addAll(List.of("best peer", "sluice/best", "target", "result"));
    List<List<String>> table = new ArrayList<>();
    table.add(header);
    for (WorkloadResult result : results) {
      List<String> row = new ArrayList<>();
      row.add(result.name());
      for (String framework : frameworks) {
        Row r = result.row(framework);
        row.add(r == null || r.failed() ? "failed" : Format.rate(r.itemsPerSecond()));
      }
      row.add(result.bestPeer() == null ? "-" : result.bestPeer().framework());
      row.add(Format.ratio(result.ratio()));
      row.add(result.target());
      row.add(result.pass() ? "PASS" : "MISS");
      table.add(row);
    }
    appendTable(out, table);
    out.append("\nitems/s, median of the measured rounds; memory: items/s of the larger run.\n");

    out.append("\nDetails\n");
    for (WorkloadResult result : results) {
      out.append("  ").append(result.name()).append(": ").append(result.description()).append('\n');
      out.append("    ").append(result.verdict()).append('\n');
      for (Row row : result.rows()) {
        out.append(String.format("    %-10s %s%n", row.framework(), row.note()));
      }
    }
    out.append('\n');
    for (WorkloadResult result : results) {
      out.append(machineLine(result)).append('\n');
    }
    return out.toString();
  }

  /** The machine-readable line of one workload. */
  public static String machineLine(WorkloadResult result) {
    StringBuilder line = new StringBuilder("bench ").append(result.name());
    line.append(" sluice=").append(Format.whole(result.sluice().itemsPerSecond()));
    line.append(" best-peer=").append(Format.whole(result.bestPeer() == null ? Double.NaN : result.bestPeer().itemsPerSecond()));
    line.append(" ratio=").append(Format.plain(result.ratio()));
    line.append(" best-peer-name=").append(result.bestPeer() == null ? "none" : result.bestPeer().framework());
    line.append(" result=").append(result.pass() ? "PASS" : "MISS");
    for (Map.Entry<String, String> extra : result.extras().entrySet()) {
      line.append(' ').append(extra.getKey()).append('=').append(extra.getValue());
    }
    return line.toString();
  }

  private static void appendTable(StringBuilder out, List<List<String>> table) {
    int columns = table.getFirst().size();
    int[] widths = new int[columns];
    for (List<String> row : table) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    for (int r = 0; r < table.size(); r++) {
      List<String> row = table.get(r);
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        String cell = row.get(c);
        boolean leftAligned = c == 0 || c >= columns - 4;
        String padded =
            leftAligned ? String.format("%-" + widths[c] + "s", cell) : String.format("%" + widths[c] + "s", cell);
        line.append(padded).append(c == columns - 1 ? "" : "  ");
      }
      out.append(line.toString().stripTrailing()).append('\n');
      if (r == 0) {
        out.append("-".repeat(line.toString().stripTrailing().length())).append('\n');
      }
    }
  }
}
