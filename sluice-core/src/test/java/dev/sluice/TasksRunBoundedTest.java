package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.Await;
import dev.sluice.testing.ConcurrencyMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Seed 003's {@code run_bounded}, planned as {@code Tasks.runBounded(Iterator<? extends
 * Callable<T>> tasks, int limit)} returning a {@code CloseableIterator<Outcome<T>>}: at most
 * {@code limit} tasks run at once, outcomes come out as tasks complete, a task's exception is
 * captured in its outcome, the task iterator is pulled at most {@code limit + 3} tasks ahead of the
 * outcomes taken, and closing the iterator cancels what runs.
 */
class TasksRunBoundedTest {

  private static <T> CloseableIterator<Outcome<T>> runBounded(
      Iterator<? extends Callable<T>> tasks, int limit) {
    return Tasks.runBounded(tasks, limit);
  }

  /** Tasks that count how many were pulled from the iterator, lazily. */
  private static final class TaskSource implements Iterator<Callable<Integer>> {
    final int count;
    final AtomicInteger pulled = new AtomicInteger();
    final java.util.function.IntFunction<Callable<Integer>> task;

    TaskSource(int count, java.util.function.IntFunction<Callable<Integer>> task) {
      this.count = count;
      this.task = task;
    }

    @Override
    public boolean hasNext() {
      return pulled.get() < count;
    }

    @Override
    public Callable<Integer> next() {
      return task.apply(pulled.getAndIncrement());
    }
  }

  private static <T> List<Outcome<T>> drain(CloseableIterator<Outcome<T>> outcomes) {
    List<Outcome<T>> all = new ArrayList<>();
    try (outcomes) {
      outcomes.forEachRemaining(all::add);
    }
    return all;
  }

  @Test
  void runBounded_runsEveryTask_once() {
    List<Outcome<Integer>> all = drain(runBounded(new TaskSource(500, i -> () -> i * 2), 8));
    assertThat(all).allMatch(Outcome::isSuccess);
    assertThat(all.stream().map(Outcome::get).toList())
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 500).map(i -> i * 2).boxed().toList());
  }

  @Test
  void runBounded_neverRunsMoreThanTheLimit_atOnce() {
    ConcurrencyMeter meter = new ConcurrencyMeter();
    drain(
        runBounded(
            new TaskSource(
                200,
                i ->
                    () -> {
                      meter.enter();
                      try {
                        Thread.sleep(1);
                        return i;
                      } finally {
                        meter.exit();
                      }
                    }),
            5));
    assertThat(meter.max()).isBetween(2, 5);
    assertThat(meter.total()).isEqualTo(200);
  }

  @Test
  void runBounded_capturesEachTasksException_andGoesOn() {
    IllegalStateException bad = new IllegalStateException("task 3");
    List<Outcome<Integer>> all =
        drain(
            runBounded(
                new TaskSource(
                    10,
                    i ->
                        () -> {
                          if (i == 3) {
                            throw bad;
                          }
                          return i;
                        }),
                3));
    assertThat(all).hasSize(10);
    assertThat(all.stream().filter(o -> !o.isSuccess()).toList())
        .singleElement()
        .isEqualTo(new Outcome.Failure<Integer>(bad));
  }

  @Test
  void runBounded_yieldsOutcomesAsTasksComplete_notInTaskOrder() {
    CountDownLatch othersDone = new CountDownLatch(3);
    List<Outcome<Integer>> all =
        drain(
            runBounded(
                new TaskSource(
                    4,
                    i ->
                        () -> {
                          if (i == 0) {
                            othersDone.await();
                            // The others counted down before returning; give their outcomes
                            // a moment to be published ahead of this one.
                            Thread.sleep(200);
                          } else {
                            othersDone.countDown();
                          }
                          return i;
                        }),
                4));
    assertThat(all.getLast().get()).isZero();
  }

  @Test
  void runBounded_pullsTasksAtMostLimitPlusThreeAheadOfTheOutcomesTaken() {
    // The documented bound (Tasks): limit in the stage, one outcome waiting for the consumer,
    // one being handed over, one task taken and waiting to start.
    int ahead = 4 + 3;
    TaskSource tasks = new TaskSource(1_000, i -> () -> i);
    try (CloseableIterator<Outcome<Integer>> outcomes = runBounded(tasks, 4)) {
      assertThat(Await.stable(tasks.pulled::get, Duration.ofMillis(150))).isLessThanOrEqualTo(ahead);
      for (int taken = 1; taken <= 100; taken++) {
        outcomes.next();
        assertThat(tasks.pulled.get()).isLessThanOrEqualTo(taken + ahead);
      }
    }
  }

  @Test
  void close_interruptsRunningTasks_andPullsNoMore() {
    AtomicInteger interrupted = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(3);
    TaskSource tasks =
        new TaskSource(
            100,
            i ->
                () -> {
                  started.countDown();
                  try {
                    new CountDownLatch(1).await();
                  } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    throw e;
                  }
                  return i;
                });
    CloseableIterator<Outcome<Integer>> outcomes = runBounded(tasks, 3);
    Await.latch(started, "three tasks running");
    outcomes.close();
    assertThat(interrupted.get()).isEqualTo(3);
    int pulled = tasks.pulled.get();
    Await.pause(Duration.ofMillis(50));
    assertThat(tasks.pulled.get()).isEqualTo(pulled);
  }

  @Test
  void runBounded_checksItsArguments() {
    assertThatThrownBy(() -> runBounded(new TaskSource(1, i -> () -> i), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> runBounded(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tasks");
  }
}
