package dev.sluice.cli.ui;

import dev.sluice.cli.job.CallStats;
import dev.sluice.cli.options.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-of-run summary: rows written, skipped as already done, failed and rejected, elapsed
 * time and rows/s, call latency p50/p99, retries, and time spent waiting on {@code --rate}.
 *
 * @param headline the first line: how the run ended
 * @param output the output file
 * @param errors the errors file
 * @param rejects the rejects file
 * @param written rows written by this run
 * @param skipped rows skipped as already done
 * @param failed rows that failed
 * @param rejected bad lines rejected
 * @param elapsed how long the run took
 * @param stats the calls' counters
 * @param rateWaitNanos time spent waiting on the rate limiter, or -1 without {@code --rate}
 * @param rate the {@code --rate} text, or null
 */
public record Summary(
    String headline,
    Path output,
    Path errors,
    Path rejects,
    long written,
    long skipped,
    long failed,
    long rejected,
    Duration elapsed,
    CallStats stats,
    long rateWaitNanos,
    String rate) {

  /**
   * The summary's lines.
   *
   * @return the lines, headline first
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(headline);
    lines.add(row("written", Fmt.n(written) + " rows to " + output));
    lines.add(row("skipped", Fmt.n(skipped) + " rows already done by an earlier run"));
    if (failed > 0) {
      lines.add(row("failed", Fmt.n(failed) + " rows, listed in " + errors
          + " (a rerun retries them)"));
    } else {
      lines.add(row("failed", "0 rows"));
    }
    if (rejected > 0) {
      lines.add(row("rejected", Fmt.n(rejected) + " bad input lines, listed in " + rejects));
    }
    double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
    String speed = Durations.format(elapsed) + ", " + Fmt.rate((written + failed) / seconds)
        + " rows/s";
    lines.add(row("elapsed", speed));
    if (stats.latency.count() > 0) {
      lines.add(row("latency", "p50 " + Fmt.latency(stats.latency.percentile(0.50))
          + ", p99 " + Fmt.latency(stats.latency.percentile(0.99)) + " per call ("
          + Fmt.n(stats.calls.sum()) + " calls)"));
    }
    long retries = stats.retries.sum();
    long afters = stats.retryAfters.sum();
    lines.add(row("retries", Fmt.n(retries)
        + (afters > 0 ? " (" + Fmt.n(afters) + " after a Retry-After)" : "")));
    if (rate != null) {
      lines.add(row("rate wait", Durations.format(Duration.ofNanos(Math.max(0, rateWaitNanos)))
          + " waiting for --rate " + rate));
    }
    return lines;
  }

  /**
   * One line of the summary, its label in a column.
   *
   * @param label the label
   * @param text the text
   * @return the line
   */
  public static String row(String label, String text) {
    return String.format(java.util.Locale.ROOT, "  %-10s%s", label, text);
  }
}
