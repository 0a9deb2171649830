package dev.sluice.bench;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The cost of the concurrent map itself: 1M items through a map of concurrency 16 whose function
 * is trivial ({@code x + 1}) but runs off the caller's thread, so that what is measured is the
 * hand-off to the workers and back, ordered or not. Target: at least 5x the best peer.
 *
 * <p>Fair because: every framework reads the same source, runs the same function on the same
 * kind of thread (virtual, where the framework allows it) with the same concurrency bound, and
 * feeds the same sink; each uses its idiomatic operator (see each contender's comment).
 */
final class OverheadWorkload implements Workload {
  static final long ITEMS = 1_000_000;
  static final int CONCURRENCY = 16;
  static final double TARGET = 5.0;
  static final Function<Long, Long> INCREMENT = x -> x + 1;

  private final boolean ordered;

  OverheadWorkload(boolean ordered) {
    this.ordered = ordered;
  }

  @Override
  public String name() {
    return ordered ? "overhead-ordered" : "overhead-unordered";
  }

  /** Runs once on a contender and checks the results. */
  void runOnce(Contender contender, long items) {
    Tally tally = new Tally();
    if (ordered) {
      contender.mapOrdered(Items.longs(items), CONCURRENCY, INCREMENT, tally);
    } else {
      contender.mapUnordered(Items.longs(items), CONCURRENCY, INCREMENT, tally);
    }
    tally.verify(items, Tally.sumOfRange(1, items), ordered);
  }

  @Override
  public WorkloadResult run(Session session) {
    long items = session.options().scaled(ITEMS);
    Map<String, Samples> samples =
        Throughput.time(session, name(), contender -> () -> runOnce(contender, items));
    List<Row> rows = Throughput.rows(samples, items);
    String description =
        String.format("%,d items, %s map, concurrency %d, x+1 off the caller's thread",
            items, ordered ? "ordered" : "unordered", CONCURRENCY);
    String target = ">= " + Format.ratio(TARGET) + " best peer";
    WorkloadResult draft = WorkloadResult.of(name(), description, target, rows, false, "", Map.of(), null);
    double ratio = draft.ratio();
    boolean pass = ratio >= TARGET;
    String verdict =
        Throughput.word(pass) + ": sluice is " + Format.ratio(ratio) + " the best peer"
            + (draft.bestPeer() == null ? "" : " (" + draft.bestPeer().framework() + ")");
    return WorkloadResult.of(
        name(), description, target, rows, pass, verdict, Map.of(),
        Throughput.panel(name(), rows, verdict)
            .withTarget(draft.bestPeer() == null ? Double.NaN : TARGET * draft.bestPeer().itemsPerSecond(),
                Format.ratio(TARGET) + " best peer"));
  }
}
