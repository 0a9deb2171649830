package dev.sluice.examples;

import dev.sluice.Layer;
import dev.sluice.Layers;
import dev.sluice.cluster.ClusterOptions;
import dev.sluice.cluster.FunctionRegistry;
import dev.sluice.cluster.RemoteFunctions;
import dev.sluice.cluster.SluiceCluster;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seed 004 "on Ray": the same three layers as {@link MiddleClass}, with the middle layer's
 * calls running on the members of a Hazelcast cluster while the source and the collector stay
 * here. The cluster is one member in this JVM (the embedded default); with {@code
 * SluiceCluster.connect(ClusterOptions.defaults().withClusterName("jobs").withMembers(...))}
 * the same pipeline runs on {@code sluice worker}s on other machines, which find "work" by
 * name in their own copy of {@link Work}.
 */
public final class MiddleClassOnCluster {
  private MiddleClassOnCluster() {}

  /** The function the members run, registered by name (list it in META-INF/services). */
  public static final class Work implements RemoteFunctions {
    /** For the service loader. */
    public Work() {}

    @Override
    public void register(FunctionRegistry registry) {
      registry.register("work", (Integer data) -> {
        Thread.sleep(20); // the interesting work of the middle class, now on a member
        return data * 10;
      });
    }
  }

  public static long run() {
    FunctionRegistry functions = new FunctionRegistry();
    new Work().register(functions);
    AtomicInteger next = new AtomicInteger();
    AtomicLong total = new AtomicLong();
    try (SluiceCluster cluster = SluiceCluster.embedded(ClusterOptions.defaults(), functions)) {
      long collected = Layers.pipeline(
          Layer.source(() -> next.get() < 40 ? next.incrementAndGet() : null),
          cluster.layer("work", 8),
          Layer.collect((Integer result) -> total.addAndGet(result)));
      System.out.println("collected " + collected + " results on " + cluster.members()
          + ", total " + total.get());
    }
    return total.get();
  }

  public static void main(String[] args) {
    run();
  }
}
