package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import dev.sluice.testing.ManualTicker;
import dev.sluice.testing.TrackingThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code batch(size, maxWait)} with a manual {@link Ticker}: time moves only when the test
 * moves it, so "a partial batch leaves once its oldest item has waited maxWait" is checked
 * without sleeping on the clock.
 */
class TimedBatchTest {
  private static final Duration MAX_WAIT = Duration.ofSeconds(10);
  /** Long enough for a batch that should not leave to have left, were it going to. */
  private static final Duration SETTLE = Duration.ofMillis(100);

  private final ManualTicker ticker = new ManualTicker();
  private final Feed<Integer> feed = new Feed<>(100);
  private final LinkedBlockingQueue<List<Integer>> batches = new LinkedBlockingQueue<>();
  private final TrackingThreadFactory threads = TrackingThreadFactory.virtual();
  private Run<Long> run;

  @BeforeEach
  void start() {
    run =
        Pipeline.from(feed)
            .batch(3, MAX_WAIT)
            .withTicker(ticker)
            .withThreadFactory(threads)
            .start(batches::add);
  }

  /**
   * Waits until the batcher has taken the first item of a partial batch and is waiting for its
   * deadline: it then polls the ticker in a timed wait, where before it waited without one.
   */
  private void awaitBatcherWaitingForItsDeadline() {
    Thread batcher =
        threads.threads().stream()
            .filter(t -> t.getName().contains("batch"))
            .findFirst()
            .orElseThrow();
    Await.until(
        "the batcher in a timed wait", () -> batcher.getState() == Thread.State.TIMED_WAITING);
  }

  @AfterEach
  void stop() {
    feed.close();
    run.cancel();
    run.await(Await.LONG);
  }

  private List<Integer> nextBatch() throws InterruptedException {
    List<Integer> batch = batches.poll(Await.LONG.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(batch).as("a batch within %s", Await.LONG).isNotNull();
    return batch;
  }

  /**
   * Advances the ticker by maxWait until a batch leaves. The batcher starts the wait when it
   * takes the first item of a batch, which the test cannot see; moving time again is harmless.
   */
  private List<Integer> advanceUntilABatchLeaves() throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      ticker.advance(MAX_WAIT);
      List<Integer> batch = batches.poll(100, TimeUnit.MILLISECONDS);
      if (batch != null) {
        return batch;
      }
    }
    throw new AssertionError("no batch left after moving time 50 times by maxWait");
  }

  @Test
  void fullBatch_leavesAtOnce_withoutTimeMoving() throws Exception {
    feed.put(1);
    feed.put(2);
    feed.put(3);
    assertThat(nextBatch()).containsExactly(1, 2, 3);
  }

  @Test
  void partialBatch_waits_whileTimeStandsStill() throws Exception {
    feed.put(1);
    feed.put(2);
    Await.pause(SETTLE); // real time passes; the ticker does not
    assertThat(batches).isEmpty();
  }

  @Test
  void partialBatch_waits_untilItsOldestItemHasWaitedMaxWait() throws Exception {
    feed.put(1);
    awaitBatcherWaitingForItsDeadline();
    ticker.advance(MAX_WAIT.minusNanos(1));
    Await.pause(SETTLE);
    assertThat(batches).as("nothing before maxWait").isEmpty();
    ticker.advanceNanos(1);
    assertThat(nextBatch()).containsExactly(1);
  }

  @Test
  void stalledSource_yieldsAPartialBatch_afterMaxWait() throws Exception {
    feed.put(1);
    feed.put(2);
    // Time may only move once both items have reached the batch stage: the feed hands them
    // over on another thread, and a deadline passing between them would split the batch.
    Await.until("both items reach the batch stage", () -> run.metrics().get(1).in() == 2);
    assertThat(advanceUntilABatchLeaves()).containsExactly(1, 2);
    // The next batch starts afresh.
    feed.put(3);
    feed.put(4);
    feed.put(5);
    assertThat(nextBatch()).containsExactly(3, 4, 5);
  }

  @Test
  void noEmptyBatch_leaves_howeverLongTheSourceStalls() throws Exception {
    feed.put(1);
    assertThat(advanceUntilABatchLeaves()).containsExactly(1);
    for (int i = 0; i < 20; i++) {
      ticker.advance(MAX_WAIT.multipliedBy(10));
      Await.pause(Duration.ofMillis(5));
    }
    assertThat(batches).as("no empty batch").isEmpty();
  }

  @Test
  void finalPartialBatch_leavesAtTheEnd_withoutWaiting() throws Exception {
    feed.put(1);
    feed.put(2);
    feed.put(3);
    feed.put(4);
    feed.close();
    assertThat(run.await()).isEqualTo(2);
    assertThat(batches).containsExactly(List.of(1, 2, 3), List.of(4));
  }

  @Test
  void emptySource_yieldsNoBatch() {
    feed.close();
    assertThat(run.await()).isZero();
    assertThat(batches).isEmpty();
  }

  @Test
  void timedBatch_keepsOrder_andLosesNothing_underTheSystemClock() {
    // With the real clock and a tiny maxWait, batch boundaries depend on timing, but the
    // items, their order and the size bound do not.
    List<List<Long>> got =
        Pipeline.range(0, 5_000)
            .mapUnordered(1, x -> x)
            .batch(16, Duration.ofNanos(50_000))
            .toList();
    assertThat(got).allSatisfy(b -> assertThat(b).hasSizeBetween(1, 16));
    assertThat(got.stream().flatMap(List::stream).toList())
        .isEqualTo(Pipeline.range(0, 5_000).toList());
  }
}
