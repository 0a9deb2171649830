package dev.sluice;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * A running pipeline, returned by {@link Pipeline#start()}. Thread-safe.
 *
 * <p>A run owns every thread it starts: when it ends, whether done, failed or cancelled, none
 * of them is left running and every source it opened has been closed. {@link #await()} returns
 * only after that.
 *
 * @param <R> the result of the terminal operation
 */
public interface Run<R> {

  /**
   * Waits for the run to end and returns its result.
   *
   * @return the terminal operation's result
   * @throws PipelineException if the run failed
   * @throws CancellationException if the run was cancelled, or the waiting thread was
   *     interrupted (the run is then cancelled and the interrupt flag is set again)
   */
  R await();

  /**
   * Waits at most {@code timeout} for the run to end.
   *
   * @param timeout how long to wait
   * @return true if the run has ended
   * @throws CancellationException if the waiting thread was interrupted (the run goes on)
   */
  boolean await(Duration timeout);

  /**
   * Stops the run: no new item is started, in-flight calls are interrupted or cancelled, and
   * the source is closed. Does nothing if the run has ended. Does not wait; use
   * {@link #await()} to wait for the threads to end.
   */
  void cancel();

  /**
   * Whether every thread of the run has ended.
   *
   * @return true once the run is over
   */
  boolean isDone();

  /**
   * Live counters of every stage, in pipeline order, the source first.
   *
   * @return one snapshot per stage
   */
  List<StageMetrics> metrics();

  /**
   * A plain-text table of the stages' live counters that names the bottleneck stage; see
   * {@link Reports#bottleneck(List)} for the columns and the definition.
   *
   * @return the report
   */
  default String report() {
    return Reports.bottleneck(metrics());
  }
}
