package dev.sluice.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The steps the in-process workloads share: timing each contender, and turning times into rows. */
final class Throughput {
  private Throughput() {}

  /** Times one trial per contender, labelled by the contender's name. */
  static Map<String, Samples> time(Session session, String workload, Function<Contender, Trial> trial) {
    List<Entrant> entrants = new ArrayList<>();
    for (Contender contender : session.contenders()) {
      entrants.add(new Entrant(contender.name(), trial.apply(contender)));
    }
    return session.rounds().run(workload, entrants);
  }

  /** One row per framework: median items/s, and a note with the median duration or the failure. */
  static List<Row> rows(Map<String, Samples> samples, long items) {
    List<Row> rows = new ArrayList<>();
    samples.forEach(
        (framework, s) ->
            rows.add(
                new Row(
                    framework,
                    s.itemsPerSecond(items),
                    s.failed()
                        ? "FAILED: " + s.failure()
                        : "median " + Format.seconds(s.medianSeconds()) + " of " + s.seconds().size())));
    return rows;
  }

  /** A one-series chart panel of the rows' throughput. */
  static ChartPanel panel(String title, List<Row> rows, String verdict) {
    Map<String, double[]> values = new LinkedHashMap<>();
    for (Row row : rows) {
      values.put(row.framework(), new double[] {row.itemsPerSecond()});
    }
    return new ChartPanel(title, "items/s", List.of("items/s"), values, false, verdict);
  }

  /** The verdict word. */
  static String word(boolean pass) {
    return pass ? "PASS" : "MISS";
  }
}
