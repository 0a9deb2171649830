package dev.sluice.bench;

/** One of the harness's workloads: runs on every contender and judges Sluice against its target. */
public interface Workload {
  /** The name used on the command line and in the report, e.g. {@code overhead-ordered}. */
  String name();

  /** Runs the workload on every contender of the session. */
  WorkloadResult run(Session session);
}
