package dev.sluice.jsonl.internal;

import dev.sluice.PipelineException;
import dev.sluice.jsonl.JobReport;
import dev.sluice.jsonl.JsonlException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What the engines share: counting the input, unwrapping failures, building the report. */
final class Engines {
  private Engines() {}

  /** Counts the input's lines on a virtual thread, so progress has a total without a delay. */
  static void countInBackground(Path input, Counters counters) {
    if (input == null) {
      return; // a pipeline: the total stays unknown until it ends
    }
    Thread.ofVirtual().name("sluice-jsonl-count").start(() -> {
      try {
        counters.total.compareAndSet(-1, Resume.countLines(input));
      } catch (IOException e) {
        // the total stays unknown; the reader reports real I/O problems
      }
    });
  }

  /** The exception to throw for a failed run: the cause as it was, or wrapped. */
  static RuntimeException rethrow(PipelineException e, Path output) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException r && !(cause instanceof PipelineException)) {
      return r;
    }
    return new JsonlException("the job on " + output + " failed: " + cause, e);
  }

  static JobReport report(
      Resume resume, Counters counters, long stopLine, boolean complete, long startedNanos,
      List<String> warnings) {
    return new JobReport(
        resume.report,
        counters.read.sum(),
        counters.written.sum(),
        counters.skipped.sum(),
        counters.failed.sum(),
        counters.rejected.sum(),
        counters.keptFailed.sum(),
        counters.calls.sum(),
        stopLine,
        complete,
        Duration.ofNanos(System.nanoTime() - startedNanos),
        List.copyOf(warnings));
  }
}
