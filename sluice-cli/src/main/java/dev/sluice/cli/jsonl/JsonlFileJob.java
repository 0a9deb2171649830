package dev.sluice.cli.jsonl;

import dev.sluice.RetryPolicy;
import dev.sluice.cli.job.BadLineException;
import dev.sluice.cli.job.FileJob;
import dev.sluice.cli.job.JobEvents;
import dev.sluice.cli.job.JobInterruptedException;
import dev.sluice.cli.job.JobProgress;
import dev.sluice.cli.job.JobRefusedException;
import dev.sluice.cli.job.JobResult;
import dev.sluice.cli.job.JobSpec;
import dev.sluice.cli.job.JobStart;
import dev.sluice.cli.job.RowFunction;
import dev.sluice.jsonl.BadInputException;
import dev.sluice.jsonl.BadRows;
import dev.sluice.jsonl.JobListener;
import dev.sluice.jsonl.JobReport;
import dev.sluice.jsonl.JsonlException;
import dev.sluice.jsonl.JsonlJob;
import dev.sluice.jsonl.Key;
import dev.sluice.jsonl.MapJob;
import dev.sluice.jsonl.OutputRefusedException;
import dev.sluice.jsonl.Progress;
import dev.sluice.jsonl.StartReport;
import java.util.concurrent.CancellationException;

/**
 * The CLI's {@link FileJob} on sluice-jsonl's {@link MapJob}: the one place that knows that
 * library's API. Its crash-safety (whole-line writes, torn-line repair, job identity, OS lock)
 * is what makes the CLI's resume exact.
 *
 * <p>The job retries a row's failed attempts with the CLI's {@link RetryPolicy} (see {@link
 * dev.sluice.cli.job.RowRunner}), so its errors file records how many attempts each failed row
 * took.
 */
public final class JsonlFileJob implements FileJob {

  @Override
  public JobResult run(JobSpec spec, RowFunction function, RetryPolicy retry, JobEvents events) {
    MapJob job =
        JsonlJob.map(spec.input(), spec.output())
            .key(key(spec.keyField()))
            .ordered(spec.ordered())
            .resultField(spec.resultField())
            .retry(retry)
            .keepFailed(spec.keepFailed())
            .badRows(spec.skipBadLines() ? BadRows.REJECT : BadRows.FAIL)
            .concurrency(spec.concurrency())
            .progressInterval(spec.progressInterval())
            .listener(listener(events));
    if (spec.errors() != null) {
      job.errorsFile(spec.errors());
    }
    if (spec.rejects() != null) {
      job.rejectsFile(spec.rejects());
    }
    try {
      JobReport r = job.run(function::apply);
      return new JobResult(r.inputRows(), r.written(), r.skipped(), r.failed(), r.rejected(),
          r.keptFailed(), r.stoppedAtLine(), r.complete(), r.warnings());
    } catch (OutputRefusedException e) {
      throw new JobRefusedException(e.getMessage(), e);
    } catch (BadInputException e) {
      throw new BadLineException(located(e), e);
    } catch (CancellationException e) {
      throw new JobInterruptedException(e);
    } catch (JsonlException e) {
      if (Thread.currentThread().isInterrupted() || interrupted(e)) {
        throw new JobInterruptedException(e);
      }
      throw e;
    }
  }

  private static Key key(String field) {
    if (field == null) {
      return Key.lineNumber();
    }
    return field.startsWith("/") ? Key.pointer(field) : Key.field(field);
  }

  /** The library's message names its own API (BadRows.REJECT); the CLI names its option. */
  private static String located(BadInputException e) {
    String message = e.getMessage();
    int advice = message.indexOf(". Every row before it");
    return advice > 0 ? message.substring(0, advice) : message;
  }

  private static boolean interrupted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException || t instanceof CancellationException
          || t instanceof java.nio.channels.ClosedByInterruptException) {
        return true;
      }
    }
    return false;
  }

  private static JobListener listener(JobEvents events) {
    return new JobListener() {
      @Override
      public void started(StartReport r) {
        events.started(new JobStart(r.resumed(), r.outputRows(), r.tornLine(),
            r.failuresToRetry(), r.keptFailed()));
      }

      @Override
      public void progress(Progress p) {
        events.progress(new JobProgress(p.totalRows(), p.handled(), p.written(), p.skipped(),
            p.failed(), p.rejected(), p.rowsPerSecond(), p.elapsed(), p.eta()));
      }
    };
  }
}
