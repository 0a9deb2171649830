package dev.sluice.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A pipeline of several stages, as in the README's first example: 1M items, batched by 100,
 * an ordered map of concurrency 4 over the batches, flattened again, an unordered map of
 * concurrency 4 over the items, counted. Target: at least 3x Reactor.
 *
 * <p>Fair because: the same functions (add one to every element of a batch, add one to an item)
 * run on virtual threads in every framework, each framework using its own batching, flattening
 * and concurrent-map operators with the same sizes and bounds.
 */
final class PipelineWorkload implements Workload {
  static final long ITEMS = 1_000_000;
  static final int BATCH = 100;
  static final int CONCURRENCY = 4;
  static final double TARGET = 3.0;

  static final Function<List<Long>, List<Long>> PER_BATCH =
      batch -> {
        List<Long> out = new ArrayList<>(batch.size());
        for (Long x : batch) {
          out.add(x + 1);
        }
        return out;
      };
  static final Function<Long, Long> PER_ITEM = x -> x + 1;

  @Override
  public String name() {
    return "pipeline";
  }

  /** Runs once on a contender and checks the results. */
  static void runOnce(Contender contender, long items) {
    Tally tally = new Tally();
    contender.pipeline(Items.longs(items), BATCH, CONCURRENCY, PER_BATCH, PER_ITEM, tally);
    tally.verify(items, Tally.sumOfRange(2, items), false);
  }

  @Override
  public WorkloadResult run(Session session) {
    long items = session.options().scaled(ITEMS);
    Map<String, Samples> samples =
        Throughput.time(session, name(), contender -> () -> runOnce(contender, items));
    List<Row> rows = Throughput.rows(samples, items);
    String description =
        String.format("%,d items: batch(%d) -> ordered map c=%d -> unbatch -> unordered map c=%d -> count",
            items, BATCH, CONCURRENCY, CONCURRENCY);
    String target = ">= " + Format.ratio(TARGET) + " reactor";
    WorkloadResult draft = WorkloadResult.of(name(), description, target, rows, false, "", Map.of(), null);
    Row reactor = draft.row("reactor");
    double vsReactor =
        reactor == null ? Double.NaN : draft.sluice().itemsPerSecond() / reactor.itemsPerSecond();
    boolean pass = vsReactor >= TARGET;
    String verdict =
        reactor == null
            ? "MISS: reactor was not run"
            : Throughput.word(pass) + ": sluice is " + Format.ratio(vsReactor) + " reactor";
    Map<String, String> extras = new LinkedHashMap<>();
    extras.put("reactor", Format.whole(reactor == null ? Double.NaN : reactor.itemsPerSecond()));
    extras.put("vs-reactor", Format.plain(vsReactor));
    return WorkloadResult.of(
        name(), description, target, rows, pass, verdict, extras,
        Throughput.panel(name(), rows, verdict)
            .withTarget(reactor == null ? Double.NaN : TARGET * reactor.itemsPerSecond(),
                Format.ratio(TARGET) + " reactor"));
  }
}
