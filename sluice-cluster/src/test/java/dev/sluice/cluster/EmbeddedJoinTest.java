package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Pipeline;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The embedded member joins a running worker by configuration alone, and both share the work. */
@Timeout(120)
class EmbeddedJoinTest {

  @Test
  void anEmbeddedMemberJoinsAWorkerAndBothRunTheFunction() throws Exception {
    try (Workers workers = new Workers("join-" + ProcessHandle.current().pid())) {
      workers.reserve(1).startAll();
      ClusterOptions options = ClusterOptions.defaults()
          .withClusterName(workers.cluster)
          .withMembers(workers.addresses());
      try (SluiceCluster cluster = SluiceCluster.embedded(options)) {
        cluster.awaitMembers(2, Workers.START_TIMEOUT);
        Set<Long> pids = new HashSet<>(cluster.<Long, Long>map(Pipeline.range(0, 2_000), 64, "pid").toList());
        assertThat(pids).hasSize(2).contains(ProcessHandle.current().pid());
      }
    }
  }
}
