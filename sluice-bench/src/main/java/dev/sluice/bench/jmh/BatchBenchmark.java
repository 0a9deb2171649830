package dev.sluice.bench.jmh;

import dev.sluice.Pipeline;
import java.util.ArrayList;
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
 * {@code batch(100)} followed by {@code unbatch()} (both fused, on the source's thread) against
 * the JDK's {@code Gatherers.windowFixed(100)} followed by {@code flatMap}, and a plain loop that
 * fills lists of 100 and walks them. Scores are items per second; the Sluice figure includes
 * starting a run (one thread) per invocation of 100k items.
 *
 * <p>Fair because: all three build one list per 100 items and hand every item to the blackhole.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@State(Scope.Benchmark)
public class BatchBenchmark {
  static final int SIZE = 100;

  List<Long> items;

  @Setup
  public void setUp() {
    items = JmhItems.list();
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public long sluiceBatchUnbatch(Blackhole bh) {
    return Pipeline.from(items).batch(SIZE).<Long>unbatch().drain(bh::consume);
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public void gatherersWindowFixed(Blackhole bh) {
    items.stream().gather(Gatherers.<Long>windowFixed(SIZE)).flatMap(List::stream).forEach(bh::consume);
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public void plainLoop(Blackhole bh) {
    List<Long> batch = new ArrayList<>(SIZE);
    for (Long x : items) {
      batch.add(x);
      if (batch.size() == SIZE) {
        batch.forEach(bh::consume);
        batch = new ArrayList<>(SIZE);
      }
    }
    batch.forEach(bh::consume);
  }
}
