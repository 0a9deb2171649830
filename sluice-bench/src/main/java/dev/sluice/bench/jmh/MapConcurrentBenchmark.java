package dev.sluice.bench.jmh;

import dev.sluice.Pipeline;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Gatherers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code mapConcurrent} (ordered, blocking function on virtual threads) against its baselines:
 * the JDK's {@code Gatherers.mapConcurrent}, the same promise (ordered, virtual threads, bounded
 * concurrency), and a plain loop calling the function on one thread, the floor that shows what
 * the concurrency costs per item. Scores are items per second.
 *
 * <p>Fair because: all three read the same pre-boxed list, apply the same trivial function and
 * hand every result to the same blackhole; the two concurrent ones have the same bound.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@State(Scope.Benchmark)
public class MapConcurrentBenchmark {
  @Param({"16"})
  int concurrency;

  List<Long> items;

  @Setup
  public void setUp() {
    items = JmhItems.list();
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public long sluiceMapConcurrent(Blackhole bh) {
    return Pipeline.from(items).mapConcurrent(concurrency, x -> x + 1).drain(bh::consume);
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public void gatherersMapConcurrent(Blackhole bh) {
    items.stream().gather(Gatherers.mapConcurrent(concurrency, (Long x) -> x + 1)).forEach(bh::consume);
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public void plainLoop(Blackhole bh) {
    for (Long x : items) {
      bh.consume(Long.valueOf(x + 1));
    }
  }
}
