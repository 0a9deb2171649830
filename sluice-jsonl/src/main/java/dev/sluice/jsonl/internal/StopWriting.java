package dev.sluice.jsonl.internal;

/**
 * Thrown by an ordered job's writer when a row failed for good: nothing after it may be written
 * while the output must stay in input order, so the run stops (the failure is recorded, and a
 * rerun retries the row and goes on). Not an error of the job.
 */
final class StopWriting extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StopWriting() {
    super("ordered output stopped at a failed row", null, false, false);
  }
}
