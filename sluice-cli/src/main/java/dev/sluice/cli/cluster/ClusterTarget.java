package dev.sluice.cli.cluster;

import java.util.List;

/**
 * The cluster of {@code sluice worker}s that {@code sluice map --cluster} runs its calls on.
 *
 * @param name the cluster name the workers were started with
 * @param members some of the workers' addresses, {@code host:port}
 */
public record ClusterTarget(String name, List<String> members) {
  /** Copies the addresses. */
  public ClusterTarget {
    members = List.copyOf(members);
  }
}
