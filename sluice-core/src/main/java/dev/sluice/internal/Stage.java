package dev.sluice.internal;

/** The description of one stage of a pipeline: what to build for each run. */
public sealed interface Stage {
  /** The operator's name, used when the user gives none. */
  String kind();

  /** Where items come from. */
  record SourceStage(String kind, Source.Factory<?> factory) implements Stage {}

  /** A synchronous operator, run in the thread of the stage before it. */
  record FusedStage(String kind, Fusion fusion) implements Stage {}

  /** A stage that hands items to other threads. */
  record BoundaryStage(String kind, BoundaryFactory factory) implements Stage {}

  /** Wraps the downstream of a fused operator. */
  @FunctionalInterface
  interface Fusion {
    Downstream<?> wrap(Downstream<?> next, StageStats stats, RunContext run);
  }

  /** Builds a boundary for one run. */
  @FunctionalInterface
  interface BoundaryFactory {
    Boundary open(RunContext run, StageStats stats);
  }
}
