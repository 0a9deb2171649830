package dev.sluice.cluster.internal;

/** Names shared by members and drivers. */
public final class ExecutorNames {
  /** The Hazelcast executor that runs Sluice's batches. */
  public static final String EXECUTOR = "sluice";

  private ExecutorNames() {}
}
