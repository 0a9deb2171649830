package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Back-pressure: an infinite, fast source feeding a slow sink is read only as far ahead as the
 * documented capacities allow. Each test blocks the sink on its first item, waits until the
 * source has stopped moving, and asserts the exact number of items pulled from the source:
 * the sum of the documented capacities, plus one item in the sink and one held by the thread
 * that is blocked trying to hand it on.
 */
class BackPressureTest {
  /** How long a counter must stay still before we read it as settled. */
  private static final Duration QUIET = Duration.ofMillis(150);

  /** An infinite source that counts the items it produced. */
  private static final class CountingSource implements Generator<Long> {
    final AtomicLong produced = new AtomicLong();

    @Override
    public Long next() {
      return produced.getAndIncrement();
    }
  }

  /** A sink that blocks on its first item until released, and counts the items it finished. */
  private static final class GatedSink<T> implements CheckedConsumer<T> {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicLong finished = new AtomicLong();

    @Override
    public void accept(T item) throws InterruptedException {
      entered.countDown();
      release.await();
      finished.incrementAndGet();
    }
  }

  /**
   * Runs {@code source -> shape -> gated sink}, lets the source run until it blocks, and
   * returns how many items it produced by then. The run is then released and stopped by a
   * limit so the test ends.
   */
  private static <T> long pulledWhileSinkBlocks(Function<Pipeline<Long>, Pipeline<T>> shape) {
    CountingSource source = new CountingSource();
    GatedSink<T> sink = new GatedSink<>();
    Run<Long> run = shape.apply(Pipeline.generate(source)).start(sink);
    try {
      Await.latch(sink.entered, "the sink's first call");
      return Await.stable(source.produced::get, QUIET);
    } finally {
      run.cancel();
      sink.release.countDown();
      assertThat(run.await(Await.LONG)).as("run ended").isTrue();
    }
  }

  @Test
  void buffer_pullsCapacityPlusTwo_whenTheSinkIsBlocked() {
    // 10 in the buffer + 1 held by the source thread blocked on the full buffer + 1 in the sink.
    assertThat(pulledWhileSinkBlocks(p -> p.buffer(10))).isEqualTo(12);
  }

  @Test
  void buffer_ofOne_pullsThree_whenTheSinkIsBlocked() {
    assertThat(pulledWhileSinkBlocks(p -> p.buffer(1))).isEqualTo(3);
  }

  @Test
  void twoBuffers_pullTheSumOfTheirCapacitiesPlusThree_whenTheSinkIsBlocked() {
    // 7 + 5 in the buffers, one held by each of the two blocked feeding threads, one in the sink.
    assertThat(pulledWhileSinkBlocks(p -> p.buffer(7).map(x -> x).buffer(5))).isEqualTo(15);
  }

  /** The documented window of the concurrent map stages: nextPowerOfTwo(max(4n, 256)). */
  private static long window(int concurrency) {
    return Integer.highestOneBit(Math.max(4 * concurrency, 256) - 1) << 1;
  }

  /*
   * The concurrent map stages: the documented bound is window (the stage) + 1 (held by the
   * source thread blocked on the full window) + 1 (in the sink). The stage reaches window + 1
   * or window + 2: once its inlet has blocked on a full window it waits for window / 8 free
   * places before admitting more (MapStage.admit, "refill"), so whether the one place freed by
   * the sink's item is refilled depends on whether the inlet got there before the outlet took
   * result 0. Both are within the bound; more than window + 2 would break it.
   */

  @ParameterizedTest(name = "concurrency {0}")
  @ValueSource(ints = {1, 4, 64, 100})
  void mapConcurrent_pullsAtMostWindowPlusTwo_whenTheSinkIsBlocked(int concurrency) {
    long window = window(concurrency);
    assertThat(pulledWhileSinkBlocks(p -> p.mapConcurrent(concurrency, x -> x)))
        .isBetween(window + 1, window + 2);
  }

  @ParameterizedTest(name = "concurrency {0}")
  @ValueSource(ints = {1, 8, 100})
  void mapUnordered_pullsAtMostWindowPlusTwo_whenTheSinkIsBlocked(int concurrency) {
    long window = window(concurrency);
    assertThat(pulledWhileSinkBlocks(p -> p.mapUnordered(concurrency, x -> x)))
        .isBetween(window + 1, window + 2);
  }

  @Test
  void mapAsync_pullsAtMostWindowPlusTwo_whenTheSinkIsBlocked() {
    assertThat(
            pulledWhileSinkBlocks(p -> p.mapAsync(8, x -> CompletableFuture.completedFuture(x))))
        .isBetween(256L + 1, 256L + 2);
  }

  @Test
  void mapAsyncUnordered_pullsAtMostWindowPlusTwo_whenTheSinkIsBlocked() {
    assertThat(
            pulledWhileSinkBlocks(
                p -> p.mapAsyncUnordered(8, x -> CompletableFuture.completedFuture(x))))
        .isBetween(256L + 1, 256L + 2);
  }

  @Test
  void mapConcurrentThenBuffer_pullsAtMostTheSumOfTheBounds_whenTheSinkIsBlocked() {
    // Upper bound: 256 (window) + 1 (source thread) + 16 (buffer) + 1 (the map's outlet thread,
    // blocked on the full buffer) + 1 (sink) = 275. The map's window frees at most 18 places,
    // fewer than the 32 its inlet waits for after blocking, so it stops at 257 or 258.
    assertThat(pulledWhileSinkBlocks(p -> p.mapConcurrent(4, x -> x).buffer(16)))
        .isBetween(256L + 1, 256L + 1 + 16 + 1 + 1);
  }

  @Test
  void bufferThenMapConcurrent_pullsExactlyTheWindowAndTheBuffer_whenTheSinkIsBlocked() {
    // The buffer comes first, so its feeding thread (the source) blocks only once the buffer
    // is full, and the buffer's outlet thread is the one blocked on the map's window:
    // window + 1 or 2 (as above) + 16 in the buffer + 1 held by the source thread.
    assertThat(pulledWhileSinkBlocks(p -> p.buffer(16).mapConcurrent(4, x -> x)))
        .isBetween(256L + 1 + 16 + 1, 256L + 2 + 16 + 1);
  }

  @Test
  void timedBatch_pullsTwoBatchesPlusOne_whenTheSinkIsBlockedOnTheFirstBatch() {
    // The sink holds batch one (4 items); the batcher's hand-off holds 4; the source thread
    // holds one more. The batcher's own partial batch is empty: its thread is in the sink.
    assertThat(pulledWhileSinkBlocks(p -> p.batch(4, Duration.ofHours(1)))).isEqualTo(4 + 4 + 1);
  }

  @Test
  void fusedChain_pullsOneItem_whenTheSinkIsBlocked() {
    // No hand-off at all: the sink runs in the source's thread.
    assertThat(pulledWhileSinkBlocks(p -> p.map(x -> x + 1).filter(x -> true))).isEqualTo(1);
  }

  @Test
  void iterator_readsAheadSixtyFourPlusOne_whenTheConsumerDoesNotPull() {
    CountingSource source = new CountingSource();
    try (CloseableIterator<Long> iterator = Pipeline.generate(source).iterator()) {
      // 64 results read ahead + 1 held by the source thread blocked on the full hand-off.
      assertThat(Await.stable(source.produced::get, QUIET)).isEqualTo(65);
      for (int i = 0; i < 10; i++) {
        assertThat(iterator.next()).isEqualTo(i);
      }
      assertThat(Await.stable(source.produced::get, QUIET)).isEqualTo(75);
    }
  }

  @Test
  void buffer_neverRunsMoreThanItsBoundAhead_whileTheSinkIsSlow() {
    CountingSource source = new CountingSource();
    AtomicLong finished = new AtomicLong();
    AtomicLong maxAhead = new AtomicLong();
    long n =
        Pipeline.generate(source)
            .buffer(10)
            .limit(200)
            .drain(
                item -> {
                  // produced - finished, read while this item is in the sink.
                  maxAhead.accumulateAndGet(source.produced.get() - finished.get(), Math::max);
                  Thread.sleep(0, 200_000);
                  finished.incrementAndGet();
                });
    assertThat(n).isEqualTo(200);
    assertThat(maxAhead.get()).isBetween(1L, 12L);
  }

  @Test
  void feed_blocksItsProducer_whenFull() throws Exception {
    Feed<Integer> feed = new Feed<>(3);
    AtomicLong put = new AtomicLong();
    Thread producer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < 10; i++) {
                      feed.put(i);
                      put.incrementAndGet();
                    }
                    feed.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    assertThat(Await.stable(put::get, QUIET)).isEqualTo(3);
    Await.blocked(producer);
    assertThat(producer.isAlive()).isTrue();
    List<Integer> all = Pipeline.from(feed).toList();
    producer.join();
    assertThat(all).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }
}
