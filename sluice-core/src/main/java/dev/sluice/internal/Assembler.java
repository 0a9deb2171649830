package dev.sluice.internal;

import dev.sluice.Ticker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Turns a pipeline's description into a run. Walking from the terminal back to the source, it
 * wraps fused operators around the downstream they feed and cuts the chain at every boundary
 * into segments; each segment is driven by one thread of the run.
 */
public final class Assembler {
  private Assembler() {}

  /** One stage of the description and the name it was given, if any. */
  public record Node(Stage stage, String name) {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <R> RunHandle<R> start(
      List<Node> nodes,
      String terminalName,
      BiFunction<RunContext, StageStats, Terminal<R>> terminalFactory,
      ThreadFactory threads,
      Ticker ticker) {
    return start(nodes, terminalName, terminalFactory, threads, ticker, null);
  }

  /**
   * Like {@link #start(List, String, BiFunction, ThreadFactory, Ticker)}, and calls {@code
   * beforeStarted} with the run once every segment is spawned and before the run can end, so
   * that it may spawn threads of its own (the progress ticker).
   */
  public static <R> RunHandle<R> start(
      List<Node> nodes,
      String terminalName,
      BiFunction<RunContext, StageStats, Terminal<R>> terminalFactory,
      ThreadFactory threads,
      Ticker ticker,
      Consumer<RunHandle<R>> beforeStarted) {
    RunContext run = new RunContext(threads, ticker);
    List<StageStats> stats = new ArrayList<>();
    for (String name : names(nodes, terminalName)) {
      stats.add(new StageStats(name));
    }
    Terminal<R> terminal = terminalFactory.apply(run, stats.getLast());
    RunHandle<R> handle = new RunHandle<>(run, terminal::result, stats);
    try {
      List<Boundary> boundaries = new ArrayList<>();
      List<Runnable> segments = new ArrayList<>();
      Downstream current = terminal;
      for (int i = nodes.size() - 1; i >= 1; i--) {
        Stage stage = nodes.get(i).stage();
        StageStats stageStats = stats.get(i);
        switch (stage) {
          case Stage.FusedStage fused -> current = fused.fusion().wrap(current, stageStats, run);
          case Stage.BoundaryStage boundaryStage -> {
            Boundary boundary = boundaryStage.factory().open(run, stageStats);
            Upstream upstream = boundary.outlet();
            Downstream downstream = current;
            segments.add(() -> run.spawn(stageStats.name() + "-out", () -> upstream.drive(downstream)));
            boundaries.add(boundary);
            current = boundary.inlet();
          }
          case Stage.SourceStage ignored ->
              throw new IllegalStateException("a source can only be the first stage");
        }
      }
      Stage.SourceStage source = (Stage.SourceStage) nodes.getFirst().stage();
      StageStats sourceStats = stats.getFirst();
      Downstream first = current;
      segments.add(
          () ->
              run.spawn(
                  sourceStats.name(),
                  () -> {
                    Source<?> opened;
                    try {
                      opened = source.factory().open(run, sourceStats);
                    } catch (Exception e) {
                      throw Failures.inStage(sourceStats, e);
                    }
                    run.closeAtEnd(opened);
                    opened.drive(first);
                  }));
      for (Boundary boundary : boundaries) {
        boundary.start();
      }
      for (Runnable segment : segments) {
        segment.run();
      }
      if (beforeStarted != null) {
        beforeStarted.accept(handle);
      }
    } catch (Throwable e) {
      run.fail(e);
    } finally {
      run.started();
    }
    return handle;
  }

  /** Stage names: the given name, else the operator; a repeated name gets "#n". */
  private static List<String> names(List<Node> nodes, String terminalName) {
    List<String> base = new ArrayList<>();
    for (Node node : nodes) {
      base.add(node.name() != null ? node.name() : node.stage().kind());
    }
    base.add(terminalName);
    Map<String, Integer> total = new HashMap<>();
    for (String name : base) {
      total.merge(name, 1, Integer::sum);
    }
    Map<String, Integer> seen = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (String name : base) {
      if (total.get(name) > 1) {
        names.add(name + "#" + seen.merge(name, 1, Integer::sum));
      } else {
        names.add(name);
      }
    }
    return names;
  }
}
