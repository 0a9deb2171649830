package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ConcurrencyMeter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Seed 002: a live event source (websocket / MQTT style) emitting an event every 20 ms, and
 * CPU-heavy handling that takes 100 ms on a pool of 5: the pool keeps up, every event is
 * handled, and the pool stays a fixed number of events behind instead of falling further back.
 * (The seed: one event a second, five seconds each, five worker processes.)
 */
class Seed002LiveSourceTest {
  private static final int EVENTS = 50;
  private static final long EMIT_EVERY_MS = 20;
  private static final long HANDLE_MS = 100;
  private static final int POOL = 5;
  private static final int FEED_CAPACITY = 8;
  /** The concurrent map stages' documented window for concurrency 5: max(4 * 5, 256). */
  private static final int WINDOW = 256;

  /** Lag bookkeeping: events emitted minus events finished, sampled on every change. */
  private static final class Lag {
    final AtomicLong emitted = new AtomicLong();
    final AtomicLong finished = new AtomicLong();
    final AtomicLong max = new AtomicLong();
    final List<Long> samples = Collections.synchronizedList(new ArrayList<>());

    void emittedOne() {
      sample(emitted.incrementAndGet() - finished.get());
    }

    void finishedOne() {
      sample(emitted.get() - finished.incrementAndGet());
    }

    private void sample(long lag) {
      samples.add(lag);
      max.accumulateAndGet(lag, Math::max);
    }
  }

  /** Seed 002's {@code process_event}: "CPU work" of 100 ms, returns the square. */
  private static long processEvent(long index, ConcurrencyMeter meter) throws InterruptedException {
    meter.enter();
    try {
      Thread.sleep(HANDLE_MS);
      return index * index;
    } finally {
      meter.exit();
    }
  }

  private static void emitEvents(Lag lag, EventSink sink) {
    try {
      for (long i = 1; i <= EVENTS; i++) {
        Thread.sleep(EMIT_EVERY_MS);
        sink.put(i);
        lag.emittedOne();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @FunctionalInterface
  private interface EventSink {
    void put(long event) throws InterruptedException;
  }

  private static void assertKeptUp(Lag lag, List<Long> results, ConcurrencyMeter meter, long bound) {
    assertThat(results)
        .containsExactlyInAnyOrderElementsOf(
            LongStream.rangeClosed(1, EVENTS).map(i -> i * i).boxed().toList());
    assertThat(lag.finished.get()).isEqualTo(EVENTS);
    assertThat(meter.max()).isBetween(2, POOL);
    // The documented bound: everything the pipeline may hold between the producer and the sink.
    assertThat(lag.max.get()).isLessThanOrEqualTo(bound);
    // What the seed shows: the pool stays about POOL events behind (one in the hand of the
    // source thread on top). Checked with a 3x margin, since it depends on timing.
    assertThat(lag.max.get()).as("lag samples %s", lag.samples).isLessThanOrEqualTo(3L * (POOL + 1));
  }

  @Test
  void liveFeed_isHandledByAPoolOfFive_thatStaysAFixedNumberOfEventsBehind() throws Exception {
    Feed<Long> feed = new Feed<>(FEED_CAPACITY);
    Lag lag = new Lag();
    ConcurrencyMeter meter = new ConcurrencyMeter();
    Thread producer =
        Thread.ofPlatform()
            .name("event-source")
            .start(
                () -> {
                  emitEvents(lag, feed::put);
                  feed.close();
                });
    List<Long> results = Collections.synchronizedList(new ArrayList<>());
    long n =
        Pipeline.from(feed)
            .mapUnordered(POOL, e -> processEvent(e, meter))
            .drain(
                r -> {
                  results.add(r);
                  lag.finishedOne();
                });
    producer.join();
    assertThat(n).isEqualTo(EVENTS);
    // feed + source thread's hand + window (workers included) + the sink's item
    assertKeptUp(lag, results, meter, FEED_CAPACITY + 1 + WINDOW + 1);
  }

  @Test
  void sentinelQueue_onAFixedPoolOfFive_handlesEveryEvent_andStopsAtTheSentinel() throws Exception {
    // The seed's own shape: a queue, a sentinel to shut down, a pool of five workers.
    LinkedBlockingQueue<Long> queue = new LinkedBlockingQueue<>();
    Lag lag = new Lag();
    ConcurrencyMeter meter = new ConcurrencyMeter();
    ExecutorService pool = Executors.newFixedThreadPool(POOL);
    try {
      Thread producer =
          Thread.ofPlatform()
              .name("event-source")
              .start(
                  () -> {
                    emitEvents(lag, queue::put);
                    queue.add(-1L); // the sentinel
                  });
      List<Long> results = Collections.synchronizedList(new ArrayList<>());
      long n =
          Pipeline.fromQueue(queue, -1L)
              .mapCpu(POOL, pool, e -> processEvent(e, meter))
              .drain(
                  r -> {
                    results.add(r);
                    lag.finishedOne();
                  });
      producer.join();
      assertThat(n).isEqualTo(EVENTS);
      assertThat(queue).isEmpty();
      // An unbounded queue holds whatever the producer emitted; the pipeline holds the rest.
      assertThat(lag.max.get()).isLessThanOrEqualTo(EVENTS);
      assertKeptUp(lag, results, meter, EVENTS);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void generatorSource_isCalledOnlyWhenThePipelineHasRoom_andEveryEventIsHandled() {
    Lag lag = new Lag();
    ConcurrencyMeter meter = new ConcurrencyMeter();
    AtomicLong next = new AtomicLong();
    Function<Void, Long> source =
        ignored -> {
          long i = next.incrementAndGet();
          if (i > EVENTS) {
            return null;
          }
          try {
            Thread.sleep(EMIT_EVERY_MS);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          lag.emittedOne();
          return i;
        };
    List<Long> results = Collections.synchronizedList(new ArrayList<>());
    long n =
        Pipeline.generate(() -> source.apply(null))
            .mapConcurrent(POOL, e -> processEvent(e, meter))
            .drain(
                r -> {
                  results.add(r);
                  lag.finishedOne();
                });
    assertThat(n).isEqualTo(EVENTS);
    // Ordered: the results come in event order.
    assertThat(results).isSorted();
    assertKeptUp(lag, results, meter, 1 + WINDOW + 1);
  }
}
