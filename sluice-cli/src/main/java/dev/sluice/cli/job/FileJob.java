package dev.sluice.cli.job;

import dev.sluice.RetryPolicy;

/**
 * The resumable, crash-safe JSONL job the CLI runs its rows through. Kept behind this small
 * interface so the CLI's own code (HTTP, workers, progress, signals) does not depend on the
 * storage library's API beyond one adapter.
 */
public interface FileJob {
  /**
   * Runs the job until every row is handled, or the calling thread is interrupted (which stops
   * it like a crash would, minus a torn line).
   *
   * @param spec the job
   * @param function makes one attempt at a row's result
   * @param retry how failed attempts are retried; the errors file counts the attempts
   * @param events hears start and progress
   * @return what the run did
   * @throws JobRefusedException if the output is another job's or is locked by another process
   * @throws BadLineException if a malformed input line stopped the job
   * @throws JobInterruptedException if the calling thread was interrupted
   */
  JobResult run(JobSpec spec, RowFunction function, RetryPolicy retry, JobEvents events);
}
