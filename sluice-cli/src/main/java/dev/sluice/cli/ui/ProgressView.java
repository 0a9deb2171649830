package dev.sluice.cli.ui;

import dev.sluice.cli.job.CallStats;
import dev.sluice.cli.job.JobEvents;
import dev.sluice.cli.job.JobProgress;
import dev.sluice.cli.job.JobStart;
import dev.sluice.cli.options.Durations;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Shows a running job: a bar redrawn in place on a terminal ({@code [#####-----] 1,234/5,000
 * 24% 310 rows/s ETA 12s 3 failed 17 retries}), or one line per report when the output is a
 * log. Also announces what the job found on start (a resume, a torn line cut, failures to
 * retry). Keeps the last snapshot for the summary.
 */
public final class ProgressView implements JobEvents {
  private static final int WIDTH = 24;
  private final Console console;
  private final ProgressMode mode;
  private final CallStats stats;
  private final Path output;
  private final boolean unicode;
  private final Consumer<JobStart> onStart;
  private volatile JobProgress last;
  private volatile JobStart start;

  /**
   * Creates a view.
   *
   * @param console where to draw
   * @param mode bar, lines or none (already resolved)
   * @param stats the calls' counters, for retries
   * @param output the output file, for messages
   * @param onStart called once the job has accepted the output (before any row)
   */
  public ProgressView(
      Console console, ProgressMode mode, CallStats stats, Path output, Consumer<JobStart> onStart) {
    this.console = console;
    this.mode = mode;
    this.stats = stats;
    this.output = output;
    this.onStart = onStart;
    String encoding = System.getProperty("stderr.encoding", System.getProperty("file.encoding", ""));
    this.unicode = encoding.toUpperCase(java.util.Locale.ROOT).contains("UTF");
  }

  @Override
  public void started(JobStart s) {
    start = s;
    onStart.accept(s);
    StringBuilder line = new StringBuilder("sluice: ");
    if (s.resumed()) {
      line.append("resuming ").append(output).append(": ").append(Fmt.n(s.rowsDone()))
          .append(" rows already done");
    } else {
      line.append("writing ").append(output);
    }
    if (s.tornLine() > 0) {
      line.append("; cut a torn last line (line ").append(Fmt.n(s.tornLine()))
          .append(") left by a crash");
    }
    if (s.failuresToRetry() > 0) {
      line.append("; retrying ").append(Fmt.n(s.failuresToRetry())).append(" rows that failed last time");
    }
    if (s.keptFailed() > 0) {
      line.append("; keeping ").append(Fmt.n(s.keptFailed())).append(" failed rows failed (--keep-failed)");
    }
    console.line(line.toString());
  }

  @Override
  public void progress(JobProgress p) {
    last = p;
    switch (mode) {
      case bar -> console.bar(bar(p));
      case lines -> console.line("sluice: " + text(p));
      default -> {}
    }
  }

  /** Ends the bar, leaving its last state on screen. */
  public void finish() {
    if (mode == ProgressMode.bar) {
      console.endBar();
    }
  }

  /**
   * The last snapshot, or null if none came.
   *
   * @return the snapshot
   */
  public JobProgress last() {
    return last;
  }

  /**
   * What the job found on start, or null if it did not start.
   *
   * @return the start report
   */
  public JobStart start() {
    return start;
  }

  private String bar(JobProgress p) {
    StringBuilder b = new StringBuilder();
    if (p.total() > 0) {
      double share = Math.min(1.0, (double) p.handled() / p.total());
      int filled = (int) Math.round(share * WIDTH);
      char full = unicode ? '█' : '#';
      char empty = unicode ? '░' : '-';
      b.append('[').append(String.valueOf(full).repeat(filled))
          .append(String.valueOf(empty).repeat(WIDTH - filled)).append("] ")
          .append(Fmt.n(p.handled())).append('/').append(Fmt.n(p.total()))
          .append(String.format(java.util.Locale.ROOT, " %3d%%", Math.round(share * 100)));
    } else {
      b.append(Fmt.n(p.handled())).append(" rows");
    }
    b.append("  ").append(Fmt.rate(p.rowsPerSecond())).append(" rows/s");
    if (p.eta() != null && p.handled() < p.total()) {
      b.append("  ETA ").append(Durations.format(p.eta()));
    }
    tail(b, p);
    return b.toString();
  }

  private String text(JobProgress p) {
    StringBuilder b = new StringBuilder();
    b.append(Fmt.n(p.handled()));
    if (p.total() >= 0) {
      b.append('/').append(Fmt.n(p.total()));
      if (p.total() > 0) {
        b.append(" (").append(Math.round(100.0 * p.handled() / p.total())).append("%)");
      }
    }
    b.append(" rows, ").append(Fmt.rate(p.rowsPerSecond())).append(" rows/s");
    if (p.eta() != null && p.handled() < p.total()) {
      b.append(", ETA ").append(Durations.format(p.eta()));
    }
    tail(b, p);
    return b.toString();
  }

  private void tail(StringBuilder b, JobProgress p) {
    if (p.skipped() > 0) {
      b.append("  ").append(Fmt.n(p.skipped())).append(" skipped");
    }
    if (p.failed() > 0) {
      b.append("  ").append(Fmt.n(p.failed())).append(" failed");
    }
    long retries = stats.retries.sum();
    if (retries > 0) {
      b.append("  ").append(Fmt.n(retries)).append(" retries");
    }
    if (p.rejected() > 0) {
      b.append("  ").append(Fmt.n(p.rejected())).append(" rejected");
    }
  }
}
