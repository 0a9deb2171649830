package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code limit(max)}: "passes the first max items and then ends the stream: everything
 * upstream is stopped, calls in flight there are interrupted, and the source is closed."
 */
class LimitTest {
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void releaseEverything() {
    never.countDown();
  }

  @ParameterizedTest(name = "limit {0}")
  @ValueSource(longs = {0, 1, 7, 1000})
  void limit_passesTheFirstItems_ofAnInfiniteSource(long max) {
    assertThat(Pipeline.generate(new AtomicLong()::getAndIncrement).limit(max).toList())
        .isEqualTo(Pipeline.range(0, max).toList());
    assertThat(
            Pipeline.generate(new AtomicLong()::getAndIncrement)
                .mapConcurrent(4, x -> x)
                .buffer(3)
                .limit(max)
                .toList())
        .isEqualTo(Pipeline.range(0, max).toList());
  }

  @Test
  void limit_passesEverything_whenTheStreamIsShorter() {
    assertThat(Pipeline.of(1, 2, 3).limit(10).toList()).containsExactly(1, 2, 3);
  }

  @Test
  void limit_stopsAFusedSource_rightAfterTheLastItem() {
    AtomicLong produced = new AtomicLong();
    AtomicBoolean closed = new AtomicBoolean();
    List<Long> got =
        Pipeline.from(
                Stream.generate(produced::incrementAndGet).onClose(() -> closed.set(true)))
            .limit(5)
            .toList();
    assertThat(got).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(produced.get()).isEqualTo(5);
    assertThat(closed).isTrue();
  }

  @Test
  void limit_closesTheSource_behindHandOffs() {
    AtomicBoolean closed = new AtomicBoolean();
    List<Long> got =
        Pipeline.from(Stream.iterate(0L, i -> i + 1).onClose(() -> closed.set(true)))
            .buffer(8)
            .mapUnordered(4, x -> x)
            .batch(3, Duration.ofMinutes(1))
            .<Long>unbatch()
            .limit(20)
            .toList();
    assertThat(got).hasSize(20).doesNotHaveDuplicates();
    assertThat(closed).isTrue();
  }

  @Test
  void limit_interruptsCallsInFlightUpstream() {
    // Items 0 and 1 are quick; the calls for the items after them block until interrupted.
    // The limit is reached with items 0 and 1, so the blocked calls are not needed and must be
    // interrupted rather than waited for.
    AtomicInteger blocked = new AtomicInteger();
    AtomicInteger interrupted = new AtomicInteger();
    Run<Long> run =
        Pipeline.range(0, 1000)
            .mapConcurrent(
                4,
                x -> {
                  if (x >= 2) {
                    blocked.incrementAndGet();
                    try {
                      never.await();
                    } catch (InterruptedException e) {
                      interrupted.incrementAndGet();
                      throw e;
                    }
                  }
                  return x;
                })
            .limit(2)
            .start();
    boolean ended = run.await(Duration.ofSeconds(5));
    never.countDown(); // let a stuck run finish, whatever the outcome
    assertThat(ended).as("the run ended while calls upstream of the limit were blocked").isTrue();
    assertThat(run.await()).isEqualTo(2);
    assertThat(interrupted.get()).isEqualTo(blocked.get());
  }

  @Test
  void limit_interruptsASourceBlockedWaitingForItsNextEvent() {
    // A live source: two events, then nothing for a long time. A limit of 2 behind a hand-off
    // has all it needs; it must not wait for a third event.
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean interrupted = new AtomicBoolean();
    Run<Long> run =
        Pipeline.<Integer>generate(
                () -> {
                  if (calls.incrementAndGet() <= 2) {
                    return calls.get();
                  }
                  try {
                    never.await();
                  } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                  }
                  return null;
                })
            .buffer(4)
            .limit(2)
            .start();
    boolean ended = run.await(Duration.ofSeconds(5));
    never.countDown();
    assertThat(ended).as("the run ended while the source waited for an event").isTrue();
    assertThat(run.await()).isEqualTo(2);
    assertThat(interrupted).isTrue();
  }

  @Test
  void limit_onAnInfiniteSourceThroughAConcurrentStage_endsTheRun() {
    Run<Long> run =
        Pipeline.generate(() -> 1).mapUnordered(8, x -> x).limit(10_000).start();
    assertThat(run.await(Await.LONG)).isTrue();
    assertThat(run.await()).isEqualTo(10_000);
  }
}
