package dev.sluice.bench.jmh;

import dev.sluice.Pipeline;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * {@code mapAsync} and {@code mapAsyncUnordered} over already-completed futures, which isolates
 * the stage's own bookkeeping (permits, slots, completion callbacks), against a plain loop that
 * makes the same future and joins it on one thread. Scores are items per second.
 *
 * <p>Fair because: each variant creates one {@code CompletableFuture} per item and consumes the
 * same value; the loop is the least any async map must do with such a function.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@State(Scope.Benchmark)
public class MapAsyncBenchmark {
  static final int CONCURRENCY = 16;

  List<Long> items;

  @Setup
  public void setUp() {
    items = JmhItems.list();
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public long sluiceMapAsync(Blackhole bh) {
    return Pipeline.from(items)
        .mapAsync(CONCURRENCY, x -> CompletableFuture.completedFuture(x + 1))
        .drain(bh::consume);
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public long sluiceMapAsyncUnordered(Blackhole bh) {
    return Pipeline.from(items)
        .mapAsyncUnordered(CONCURRENCY, x -> CompletableFuture.completedFuture(x + 1))
        .drain(bh::consume);
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public void plainLoop(Blackhole bh) {
    for (Long x : items) {
      bh.consume(CompletableFuture.completedFuture(x + 1).join());
    }
  }
}
