package dev.sluice.bench.jmh;

import dev.sluice.Pipeline;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The fused operators ({@code map}, {@code filter}), which run on the source's thread with no
 * hand-off, against a sequential {@code Stream} doing the same and a plain loop. Scores are items
 * per second; Sluice's includes starting a run (one thread) per invocation of 100k items.
 *
 * <p>Fair because: the same input, functions and blackhole; all three are single-threaded in
 * effect, so this shows the per-item cost of Sluice's fusion against the JDK's.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@State(Scope.Benchmark)
public class FusedBenchmark {
  List<Long> items;

  @Setup
  public void setUp() {
    items = JmhItems.list();
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public long sluiceMapFilter(Blackhole bh) {
    return Pipeline.from(items).map(x -> x * 3).filter(x -> (x & 1) == 0).drain(bh::consume);
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public void streamMapFilter(Blackhole bh) {
    items.stream().map(x -> x * 3).filter(x -> (x & 1) == 0).forEach(bh::consume);
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public void plainLoop(Blackhole bh) {
    for (Long x : items) {
      long y = x * 3;
      if ((y & 1) == 0) {
        bh.consume(Long.valueOf(y));
      }
    }
  }
}
