package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Pipeline;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void twoWorkers() throws Exception {
    System.out.println("cp=" + System.getProperty("java.class.path"));
    try (Workers workers = new Workers("smoke-" + ProcessHandle.current().pid()).reserve(2).startAll()) {
      long t0 = System.nanoTime();
      try (SluiceCluster cluster = SluiceCluster.connect(
          ClusterOptions.defaults().withClusterName(workers.cluster).withMembers(workers.addresses()))) {
        cluster.awaitMembers(2, Duration.ofSeconds(60));
        System.out.println("members " + cluster.members() + " after " + (System.nanoTime() - t0) / 1e6 + " ms");
        RemoteFunction<Long, Long> f = cluster.<Long, Long>function("double").withConcurrency(256);
        List<Long> out = Pipeline.range(0, 10_000).mapAsync(256, f).toList();
        assertThat(out).hasSize(10_000);
        for (int i = 0; i < out.size(); i++) {
          assertThat(out.get(i)).isEqualTo(2L * i);
        }
        System.out.println(f.stats());
      }
      System.out.println(String.join("\n", workers.output));
    }
  }
}
