package dev.sluice.cli.job;

/** Hears a running job's start and progress. Calls never overlap. */
public interface JobEvents {
  /**
   * The output was checked and read; no row has been processed yet.
   *
   * @param start what the job found
   */
  void started(JobStart start);

  /**
   * A periodic snapshot, and one more at the end.
   *
   * @param progress the snapshot
   */
  void progress(JobProgress progress);
}
