package dev.sluice.bench.jmh;

import dev.sluice.Pipeline;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * {@code buffer(256)}, a hand-off between two threads through a bounded ring, against the JDK's
 * {@code ArrayBlockingQueue} of the same capacity between a producer thread and the consumer,
 * and a plain loop with no hand-off at all (the floor). Scores are items per second.
 *
 * <p>Fair because: both hand-offs carry every item from one thread to another through a bounded
 * buffer of 256, with a virtual-thread producer, and consume it on the other side.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@State(Scope.Benchmark)
public class BufferBenchmark {
  static final int CAPACITY = 256;
  private static final Long END = Long.MIN_VALUE;

  List<Long> items;

  @Setup
  public void setUp() {
    items = JmhItems.list();
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public long sluiceBuffer(Blackhole bh) {
    return Pipeline.from(items).buffer(CAPACITY).drain(bh::consume);
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public void arrayBlockingQueue(Blackhole bh) throws InterruptedException {
    BlockingQueue<Long> queue = new ArrayBlockingQueue<>(CAPACITY);
    Thread producer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (Long x : items) {
                      queue.put(x);
                    }
                    queue.put(END);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    for (Long x = queue.take(); x != END; x = queue.take()) {
      bh.consume(x);
    }
    producer.join();
  }

  @Benchmark
  @OperationsPerInvocation(JmhItems.COUNT)
  public void plainLoop(Blackhole bh) {
    for (Long x : items) {
      bh.consume(x);
    }
  }
}
