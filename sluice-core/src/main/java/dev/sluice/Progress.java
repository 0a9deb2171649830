package dev.sluice;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of a run's progress, given to a {@link ProgressListener}, and the ready-made
 * listeners that print it. Nothing is printed unless a pipeline is given one of them with
 * {@link Pipeline#withProgress}.
 *
 * {@snippet :
 * Pipeline.from(rows)                       // a collection: its size is the total
 *     .mapConcurrent(16, this::enrich)
 *     .withProgress(Progress.auto(System.err))
 *     .drain(out::write);
 * // on a terminal:  [########------------]  40% 4000/10000 812.3/s ETA 0:07
 * // in a CI log:    progress 4000/10000 40.0% 812.3/s eta 0:07 elapsed 0:04 | from 4000 | ...
 * }
 *
 * <p>{@code count} is the number of items taken from the source so far; those still inside the
 * run (at most the run's in-flight bound) are counted already. {@code total} is known when the
 * source knows its size: a collection ({@link Pipeline#from(Iterable)}, {@link Pipeline#of}),
 * {@link Pipeline#range} and {@link Pipeline#epochs} over a collection. The rate is the average
 * since the run started, in items per second of the pipeline's {@link Ticker}; the ETA is the
 * items left at that rate.
 *
 * <p>Snapshots are immutable and thread-safe. The listeners made by {@link #bar} keep the state
 * of the frame they drew and serve one run at a time; those made by {@link #lines} keep none.
 *
 * @param elapsed time since the run started
 * @param count items taken from the source so far
 * @param total how many items the source has, when known
 * @param ratePerSecond items per second, averaged since the start (0 at the start)
 * @param eta the time left at that rate, when the total is known and the rate positive
 * @param stages every stage's counters, the source first and the terminal last
 * @param done true in the last snapshot, when the run has ended or is ending
 */
public record Progress(
    Duration elapsed,
    long count,
    OptionalLong total,
    double ratePerSecond,
    Optional<Duration> eta,
    List<StageMetrics> stages,
    boolean done) {

  /**
   * Checks and copies the components.
   *
   * @throws NullPointerException if any reference is null
   */
  public Progress {
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(eta, "eta");
    stages = List.copyOf(stages);
  }

  /**
   * The fraction done, when the total is known.
   *
   * @return {@code count / total}, between 0 and 1
   */
  public Optional<Double> fraction() {
    if (total.isEmpty()) {
      return Optional.empty();
    }
    long t = total.getAsLong();
    return Optional.of(t <= 0 ? 1.0 : Math.min(1.0, (double) count / t));
  }

  // ---------------------------------------------------------------- renderers

  /**
   * A live progress bar for a terminal, redrawn in place five times a second: a line with the
   * bar (when the total is known), the count, the total, the rate and the ETA, followed by a
   * line per stage. It moves the cursor with carriage returns and ANSI escape sequences, so use
   * it only on a terminal; {@link #auto} chooses for you. The last snapshot leaves the final
   * state on screen and ends the line.
   *
   * @param out where to draw, such as {@code System.err}
   * @return the listener; it keeps state and serves one run at a time
   */
  public static ProgressListener bar(PrintStream out) {
    Objects.requireNonNull(out, "out");
    return new BarRenderer(out);
  }

  /**
   * Plain progress lines for logs and CI: one line every {@code every}, and a last line when
   * the run ends; no control characters. The format, with {@code |} between stages:
   *
   * <pre>
   * progress 4000/10000 40.0% 812.3/s eta 0:07 elapsed 0:04 | from 4000 | enrich 3990 (16 in flight, 10 queued) | drain 3990
   * done 10000/10000 100.0% 800.0/s elapsed 0:12 | from 10000 | enrich 10000 | drain 10000
   * </pre>
   *
   * Without a total the count stands alone and there is no percentage or ETA. Each stage shows
   * its name and the items that have left it (for the terminal, that entered it), then its
   * calls in flight and queued items when there are any. Times are {@code m:ss}, or {@code
   * h:mm:ss} from an hour.
   *
   * @param out where to print
   * @param every how often; positive
   * @return the listener
   * @throws IllegalArgumentException if {@code every} is not positive
   */
  public static ProgressListener lines(PrintStream out, Duration every) {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(every, "every");
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("every must be positive, was " + every);
    }
    return new ProgressListener() {
      @Override
      public void onProgress(Progress progress) {
        out.println(progress.line());
        out.flush();
      }

      @Override
      public Duration interval() {
        return every;
      }
    };
  }

  /**
   * A bar on a terminal, lines every 10 seconds otherwise: {@link #bar} when the process has an
   * interactive console ({@code System.console()} is not null and is a terminal), else {@link
   * #lines}.
   *
   * @param out where to print
   * @return the listener
   */
  public static ProgressListener auto(PrintStream out) {
    java.io.Console console = System.console();
    return console != null && console.isTerminal()
        ? bar(out)
        : lines(out, Duration.ofSeconds(10));
  }

  /**
   * This snapshot as one plain line, in the format of {@link #lines}.
   *
   * @return the line, without a line ending
   */
  public String line() {
    StringBuilder line = new StringBuilder(done ? "done " : "progress ");
    line.append(count);
    if (total.isPresent()) {
      line.append('/').append(total.getAsLong()).append(' ')
          .append(String.format(Locale.ROOT, "%.1f%%", fraction().orElseThrow() * 100));
    }
    line.append(' ').append(String.format(Locale.ROOT, "%.1f/s", ratePerSecond));
    if (!done && eta.isPresent()) {
      line.append(" eta ").append(clock(eta.get()));
    }
    line.append(" elapsed ").append(clock(elapsed));
    for (int i = 0; i < stages.size(); i++) {
      StageMetrics stage = stages.get(i);
      boolean last = i == stages.size() - 1;
      line.append(" | ").append(stage.name()).append(' ').append(last ? stage.in() : stage.out());
      String state = state(stage);
      if (!state.isEmpty()) {
        line.append(" (").append(state).append(')');
      }
    }
    return line.toString();
  }

  private static String state(StageMetrics stage) {
    StringBuilder state = new StringBuilder();
    if (stage.inFlight() > 0) {
      state.append(stage.inFlight()).append(" in flight");
    }
    if (stage.queued() > 0) {
      if (!state.isEmpty()) {
        state.append(", ");
      }
      state.append(stage.queued()).append(" queued");
    }
    return state.toString();
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
  static String clock(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    long h = seconds / 3600;
    long m = (seconds % 3600) / 60;
    long s = seconds % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
        : String.format(Locale.ROOT, "%d:%02d", m, s);
  }

  /** Draws the bar and the stage lines, and redraws them in place. */
  private static final class BarRenderer implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private int linesDrawn;

    BarRenderer(PrintStream out) {
      this.out = out;
    }

    @Override
    public Duration interval() {
      return Duration.ofMillis(200);
    }

    @Override
    public synchronized void onProgress(Progress progress) {
      StringBuilder frame = new StringBuilder();
      // Back to the start of the first line of the previous frame.
      frame.append('\r');
      if (linesDrawn > 1) {
        frame.append("\033[").append(linesDrawn - 1).append('A');
      }
      List<String> lines = new java.util.ArrayList<>();
      lines.add(headline(progress));
      int width = 0;
      for (StageMetrics stage : progress.stages()) {
        width = Math.max(width, stage.name().length());
      }
      for (int i = 0; i < progress.stages().size(); i++) {
        StageMetrics stage = progress.stages().get(i);
        StringBuilder line = new StringBuilder("  ");
        line.append(String.format(Locale.ROOT, "%-" + width + "s", stage.name()));
        line.append(String.format(Locale.ROOT, "  in %d  out %d", stage.in(), stage.out()));
        if (stage.inFlight() > 0) {
          line.append("  in flight ").append(stage.inFlight());
        }
        if (stage.queued() > 0) {
          line.append("  queued ").append(stage.queued());
        }
        lines.add(line.toString());
      }
      for (int i = 0; i < lines.size(); i++) {
        if (i > 0) {
          frame.append('\n');
        }
        frame.append(lines.get(i)).append("\033[K"); // clear what a longer line left
      }
      if (progress.done()) {
        frame.append('\n');
        linesDrawn = 0;
      } else {
        linesDrawn = lines.size();
      }
      out.print(frame);
      out.flush();
    }

    private static String headline(Progress progress) {
      StringBuilder line = new StringBuilder();
      if (progress.total().isPresent()) {
        double fraction = progress.fraction().orElseThrow();
        int filled = (int) Math.round(fraction * WIDTH);
        line.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
        line.append(String.format(Locale.ROOT, "%3d%% ", (int) Math.floor(fraction * 100)));
        line.append(progress.count()).append('/').append(progress.total().getAsLong());
      } else {
        line.append(progress.count()).append(" items");
      }
      line.append(String.format(Locale.ROOT, " %.1f/s", progress.ratePerSecond()));
      if (progress.done()) {
        line.append(" done in ").append(clock(progress.elapsed()));
      } else if (progress.eta().isPresent()) {
        line.append(" ETA ").append(clock(progress.eta().get()));
      } else {
        line.append(" elapsed ").append(clock(progress.elapsed()));
      }
      return line.toString();
    }
  }
}
