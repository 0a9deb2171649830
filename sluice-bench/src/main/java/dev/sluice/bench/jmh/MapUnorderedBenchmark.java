package dev.sluice.bench.jmh;

import dev.sluice.Pipeline;
import java.util.List;
import java.util.stream.Gatherers;
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
 * {@code mapUnordered} against its baselines: the JDK's {@code Gatherers.mapConcurrent} (the
 * nearest JDK operator; it keeps order, which Sluice's unordered stage need not) and a plain loop
 * on one thread, the floor. Scores are items per second.
 *
 * <p>Fair because: the same pre-boxed input, trivial function, concurrency bound (16) and
 * blackhole for all; both concurrent variants run the function on virtual threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@State(Scope.Benchmark)
public class MapUnorderedBenchmark {
  static final int CONCURRENCY = 16;

  List<Long> items;

  @Setup
  public void setUp() {
    items = JmhItems.list();
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public long sluiceMapUnordered(Blackhole bh) {
    return Pipeline.from(items).mapUnordered(CONCURRENCY, x -> x + 1).drain(bh::consume);
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public void gatherersMapConcurrent(Blackhole bh) {
    items.stream().gather(Gatherers.mapConcurrent(CONCURRENCY, (Long x) -> x + 1)).forEach(bh::consume);
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public void plainLoop(Blackhole bh) {
    for (Long x : items) {
      bh.consume(Long.valueOf(x + 1));
    }
  }
}
