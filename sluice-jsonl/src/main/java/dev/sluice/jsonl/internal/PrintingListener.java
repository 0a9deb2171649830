package dev.sluice.jsonl.internal;

import dev.sluice.jsonl.JobListener;
import dev.sluice.jsonl.JobReport;
import dev.sluice.jsonl.Progress;
import dev.sluice.jsonl.StartReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Prints one line per event; see {@link JobListener#printing}. */
public final class PrintingListener implements JobListener {
  private static final String PREFIX = "sluice-jsonl: ";
  private final PrintStream out;

  public PrintingListener(PrintStream out) {
    this.out = out;
  }

  @Override
  public void started(StartReport r) {
    StringBuilder line = new StringBuilder(PREFIX);
    if (!r.resumed()) {
      line.append("starting ").append(r.output());
    } else {
      line.append("resuming ").append(r.output()).append(": ")
          .append(n(r.outputRows())).append(" rows done (")
          .append(n(r.keysDone())).append(" keys)");
    }
    if (r.tornBytesCut() > 0) {
      line.append("; cut a torn last line (").append(n(r.tornBytesCut()))
          .append(" bytes at line ").append(n(r.tornLine())).append(")");
    }
    if (r.failuresToRetry() > 0) {
      line.append("; retrying ").append(n(r.failuresToRetry())).append(" failed last time");
    }
    if (r.keptFailed() > 0) {
      line.append("; keeping ").append(n(r.keptFailed())).append(" failed");
    }
    if (r.journaledResults() > 0) {
      line.append("; ").append(n(r.journaledResults())).append(" results journaled");
    }
    if (r.resumed()) {
      line.append("; read in ").append(time(r.scanTime()));
    }
    out.println(line);
  }

  @Override
  public void progress(Progress p) {
    StringBuilder line = new StringBuilder(PREFIX);
    line.append(n(p.handled()));
    if (p.totalRows() >= 0) {
      line.append('/').append(n(p.totalRows()));
    }
    line.append(" rows (").append(n(p.skipped())).append(" skipped as done, ")
        .append(n(p.failed())).append(" failed, ").append(n(p.rejected())).append(" rejected) ")
        .append(n(Math.round(p.rowsPerSecond()))).append(" rows/s");
    if (p.eta() != null) {
      line.append(", ETA ").append(time(p.eta()));
    }
    out.println(line);
  }

  @Override
  public void finished(JobReport r) {
    StringBuilder line = new StringBuilder(PREFIX);
    line.append(r.complete() ? "done: " : "stopped, rerun to continue: ")
        .append(n(r.written())).append(" rows written, ")
        .append(n(r.skipped())).append(" skipped as done, ")
        .append(n(r.failed())).append(" failed, ")
        .append(n(r.rejected())).append(" rejected");
    if (r.keptFailed() > 0) {
      line.append(", ").append(n(r.keptFailed())).append(" kept failed");
    }
    line.append(" in ").append(time(r.duration()));
    if (r.stoppedAtLine() > 0) {
      line.append("; ordered output stopped at line ").append(n(r.stoppedAtLine()))
          .append(", whose row failed (see the errors file)");
    }
    out.println(line);
    for (String warning : r.warnings()) {
      out.println(PREFIX + "warning: " + warning);
    }
  }

  static String n(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String time(Duration d) {
    long ms = d.toMillis();
    if (ms < 10_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = d.toSeconds();
    if (s < 3600) {
      return (s / 60 > 0 ? s / 60 + "m" : "") + s % 60 + "s";
    }
    return s / 3600 + "h" + (s % 3600) / 60 + "m";
  }
}
