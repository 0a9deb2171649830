package dev.sluice.bench.cluster;

import dev.sluice.cluster.FunctionRegistry;
import dev.sluice.cluster.RemoteFunctions;

/** The functions {@link ClusterBench} runs: a sleep of a given length, and nothing at all. */
public final class BenchFunctions implements RemoteFunctions {
  /** For ServiceLoader and {@code --functions}. */
  public BenchFunctions() {}

  @Override
  public void register(FunctionRegistry registry) {
    // The item is the time to sleep, in microseconds: a stand-in for a 10 ms call.
    registry.register(
        "sleep-micros",
        (Long micros) -> {
          Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
          return micros;
        });
    registry.register("identity", (Long x) -> x);
  }
}
