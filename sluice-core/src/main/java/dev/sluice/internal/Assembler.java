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
      List<Segment> segments = new ArrayList<>();
      Downstream current = terminal;
      Boundary fed = null; // the boundary whose inlet ends the segment being built
      for (int i = nodes.size() - 1; i >= 1; i--) {
        Stage stage = nodes.get(i).stage();
        StageStats stageStats = stats.get(i);
        switch (stage) {
          case Stage.FusedStage fused -> current = fused.fusion().wrap(current, stageStats, run);
          case Stage.BoundaryStage boundaryStage -> {
            Boundary boundary = boundaryStage.factory().open(run, stageStats);
            Segment segment =
                new Segment(stageStats.name() + "-out", boundary, boundary.outlet(), current);
            segments.add(segment);
            feeds(segment, fed);
            boundaries.add(boundary);
            fed = boundary;
            current = boundary.inlet();
          }
          case Stage.SourceStage ignored ->
              throw new IllegalStateException("a source can only be the first stage");
        }
      }
      Stage.SourceStage source = (Stage.SourceStage) nodes.getFirst().stage();
      StageStats sourceStats = stats.getFirst();
      Segment sourceSegment = new Segment(sourceStats.name(), null, null, current);
      sourceSegment.source = () -> source.factory().open(run, sourceStats);
      sourceSegment.sourceStats = sourceStats;
      segments.add(sourceSegment);
      feeds(sourceSegment, fed);
      for (Boundary boundary : boundaries) {
        boundary.start();
      }
      for (Segment segment : segments) {
        segment.start(run);
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

  /** When {@code boundary} is declined, the segment feeding it is cancelled. */
  private static void feeds(Segment segment, Boundary boundary) {
    if (boundary != null) {
      boundary.onDecline(segment::cancel);
    }
  }

  /**
   * A chain of fused stages driven by one thread: from a source or a boundary's outlet to the
   * terminal or the next boundary's inlet. Cancelling it (because the boundary it feeds was
   * declined) interrupts its thread, closes its source or declines the boundary driving it, and
   * lets the thread end quietly, whatever the interrupt made it throw.
   */
  private static final class Segment {
    private final String name;
    private final Boundary drivenBy;
    private final Upstream<?> upstream;
    private final Downstream<?> downstream;
    private ThrowingSupplier<Source<?>> source;
    private StageStats sourceStats;
    private volatile Source<?> openedSource;
    private volatile Thread thread;
    private volatile boolean cancelled;

    Segment(String name, Boundary drivenBy, Upstream<?> upstream, Downstream<?> downstream) {
      this.name = name;
      this.drivenBy = drivenBy;
      this.upstream = upstream;
      this.downstream = downstream;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void start(RunContext run) {
      thread =
          run.spawn(
              name,
              () -> {
                thread = Thread.currentThread();
                if (cancelled && source == null) {
                  return;
                }
                try {
                  Upstream items = upstream;
                  if (source != null) {
                    Source<?> opened;
                    try {
                      opened = source.get();
                    } catch (Exception e) {
                      throw Failures.inStage(sourceStats, e);
                    }
                    openedSource = opened;
                    run.closeAtEnd(opened);
                    if (cancelled) {
                      opened.close();
                      return;
                    }
                    items = opened;
                  }
                  items.drive((Downstream) downstream);
                } catch (Throwable e) {
                  if (!cancelled) {
                    throw e;
                  }
                }
              });
    }

    void cancel() {
      if (cancelled) {
        return;
      }
      cancelled = true;
      Thread driver = thread;
      if (driver != null) {
        driver.interrupt();
      }
      Source<?> opened = openedSource;
      if (opened != null) {
        try {
          opened.close();
        } catch (Exception ignored) {
          // The run closes it again at the end and reports a failure then.
        }
      }
      if (drivenBy != null) {
        drivenBy.decline();
      }
    }
  }

  @FunctionalInterface
  private interface ThrowingSupplier<T> {
    T get() throws Exception;
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
