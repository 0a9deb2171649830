package dev.sluice.bench;

/**
 * One timed run of a workload on one contender: it runs the workload, checks its results, and
 * throws if they are wrong.
 */
@FunctionalInterface
public interface Trial {
  /** Runs once and checks the results. */
  void run() throws Exception;
}
