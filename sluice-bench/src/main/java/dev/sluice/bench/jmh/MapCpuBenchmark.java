package dev.sluice.bench.jmh;

import dev.sluice.Pipeline;
import dev.sluice.bench.CpuWork;
import java.util.List;
import org.openjdk.jmh.annotations.Param;
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
 * {@code mapCpu} (shared pool, one platform thread per core, ordered) against its baselines: an
 * ordered parallel stream (the JDK's own way to spread CPU work over the cores) and a plain loop
 * on one thread, whose score times the core count is the ideal. The function does a fixed number
 * of xorshift steps (about 1 µs at the default), so that what is measured is how well the work
 * is spread, plus the stage's overhead. Scores are items per second.
 *
 * <p>Fair because: the same input, the same fixed work per item, order kept by both parallel
 * variants ({@code toList} of a parallel stream keeps encounter order), all results consumed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@State(Scope.Benchmark)
public class MapCpuBenchmark {
  static final int ITEMS = 20_000;

  @Param({"300"})
  int steps;

  List<Long> items;
  CpuWork work;

  @Setup
  public void setUp() {
    items = JmhItems.list().subList(0, ITEMS);
    work = CpuWork.ofSteps(steps);
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long sluiceMapCpu(Blackhole bh) {
    return Pipeline.from(items).mapCpu(work::apply).drain(bh::consume);
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public void parallelStream(Blackhole bh) {
    bh.consume(items.parallelStream().map(work).toList());
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public void plainLoop(Blackhole bh) {
    for (Long x : items) {
      bh.consume(work.apply(x));
    }
  }
}
