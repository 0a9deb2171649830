package dev.sluice.internal;

import dev.sluice.Run;
import dev.sluice.StageMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/** The {@link Run} of an assembled pipeline. */
public final class RunHandle<R> implements Run<R> {
  private final RunContext run;
  private final Supplier<R> result;
  private final List<StageStats> stages;

  RunHandle(RunContext run, Supplier<R> result, List<StageStats> stages) {
    this.run = run;
    this.result = result;
    this.stages = stages;
  }

  public RunContext context() {
    return run;
  }

  @Override
  public R await() {
    try {
      run.awaitFinished();
    } catch (InterruptedException e) {
      run.cancel();
      run.awaitFinishedUninterruptibly();
      Thread.currentThread().interrupt();
      CancellationException cancelled =
          new CancellationException("interrupted while waiting; the run was cancelled");
      cancelled.initCause(e);
      throw cancelled;
    }
    run.rethrow();
    return result.get();
  }

  @Override
  public boolean await(Duration timeout) {
    try {
      return run.awaitFinished(timeout.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException cancelled = new CancellationException("interrupted while waiting");
      cancelled.initCause(e);
      throw cancelled;
    }
  }

  @Override
  public void cancel() {
    run.cancel();
  }

  @Override
  public boolean isDone() {
    return run.isFinished();
  }

  @Override
  public List<StageMetrics> metrics() {
    return stages.stream().map(StageStats::snapshot).toList();
  }

  @Override
  public String toString() {
    return "Run" + metrics();
  }
}
