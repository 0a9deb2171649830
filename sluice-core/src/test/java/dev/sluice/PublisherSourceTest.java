package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Pipeline.from(Flow.Publisher)}: the pipeline requests at most 256 items beyond what it
 * has taken, so the publisher is back-pressured; the subscription is cancelled when the run
 * ends early (limit, iterator close, failure, cancel); {@code onError} fails the run.
 */
class PublisherSourceTest {
  private static final long DEMAND = 256;

  /**
   * A publisher of 0, 1, 2, ... (up to {@code count}) that emits only what was requested, from
   * its own thread, and records every request, every delivery and the cancellation. It also
   * reads how many items the pipeline has taken, to check the demand bound at each request.
   */
  static final class RecordingPublisher implements Flow.Publisher<Long> {
    final long count;
    final Throwable failAtEnd;
    final ExecutorService emitter = Executors.newSingleThreadExecutor();
    final AtomicLong requested = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong taken = new AtomicLong(); // incremented by the pipeline, see taking()
    final List<Long> requests = new CopyOnWriteArrayList<>();
    final AtomicLong maxBeyondTaken = new AtomicLong();
    final AtomicBoolean overDelivered = new AtomicBoolean();
    final AtomicBoolean cancelled = new AtomicBoolean();
    final AtomicInteger subscriptions = new AtomicInteger();
    private Flow.Subscriber<? super Long> subscriber;
    private boolean ended;

    RecordingPublisher(long count, Throwable failAtEnd) {
      this.count = count;
      this.failAtEnd = failAtEnd;
    }

    /** The pipeline that counts what it takes from this publisher. */
    Pipeline<Long> taking() {
      return Pipeline.from(this).peek(x -> taken.incrementAndGet());
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Long> s) {
      subscriptions.incrementAndGet();
      emitter.execute(
          () -> {
            subscriber = s;
            s.onSubscribe(
                new Flow.Subscription() {
                  @Override
                  public void request(long n) {
                    requests.add(n);
                    long total = requested.addAndGet(n);
                    maxBeyondTaken.accumulateAndGet(total - taken.get(), Math::max);
                    emitter.execute(PublisherSourceTest.RecordingPublisher.this::emit);
                  }

                  @Override
                  public void cancel() {
                    cancelled.set(true);
                  }
                });
          });
    }

    private void emit() {
      while (!cancelled.get() && !ended && delivered.get() < requested.get()) {
        long next = delivered.get();
        if (next >= count) {
          break;
        }
        delivered.incrementAndGet();
        if (delivered.get() > requested.get()) {
          overDelivered.set(true);
        }
        subscriber.onNext(next);
      }
      if (!cancelled.get() && !ended && delivered.get() >= count) {
        ended = true;
        if (failAtEnd != null) {
          subscriber.onError(failAtEnd);
        } else {
          subscriber.onComplete();
        }
      }
    }

    void shutdown() {
      emitter.shutdownNow();
    }
  }

  private final List<RecordingPublisher> publishers = new ArrayList<>();

  private RecordingPublisher publisher(long count) {
    return publisher(count, null);
  }

  private RecordingPublisher publisher(long count, Throwable failAtEnd) {
    RecordingPublisher p = new RecordingPublisher(count, failAtEnd);
    publishers.add(p);
    return p;
  }

  @AfterEach
  void shutdown() {
    publishers.forEach(RecordingPublisher::shutdown);
  }

  @Test
  void publisher_deliversEveryItem_inOrder_withinTheDemand() {
    RecordingPublisher pub = publisher(5_000);
    List<Long> got = pub.taking().mapConcurrent(4, x -> x).toList();
    assertThat(got).isEqualTo(LongStream.range(0, 5_000).boxed().toList());
    assertThat(pub.overDelivered).isFalse();
    assertThat(pub.maxBeyondTaken.get()).isLessThanOrEqualTo(DEMAND);
    assertThat(pub.requests.getFirst()).isEqualTo(DEMAND);
    assertThat(pub.requests).allMatch(n -> n > 0 && n <= DEMAND);
    // (The source cancels its subscription when the run ends even after onComplete; Reactive
    // Streams makes a cancel after a terminal signal a no-op, so that is allowed.)
  }

  @Test
  void publisher_isBackPressured_whileTheConsumerDoesNotPull() {
    RecordingPublisher pub = publisher(Long.MAX_VALUE);
    try (CloseableIterator<Long> it = pub.taking().iterator()) {
      // The pipeline asked for 256 and takes only 65 of them (64 read ahead by the iterator
      // and one in hand), too few to ask for more: the publisher stops at 256.
      assertThat(Await.stable(pub.delivered::get, Duration.ofMillis(150))).isEqualTo(DEMAND);
      assertThat(pub.requested.get()).isEqualTo(DEMAND);
      for (int i = 0; i < 1_000; i++) {
        assertThat(it.next()).isEqualTo(i);
      }
      long delivered = Await.stable(pub.delivered::get, Duration.ofMillis(150));
      assertThat(delivered - pub.taken.get()).isBetween(0L, DEMAND);
      assertThat(pub.requested.get() - pub.taken.get()).isBetween(0L, DEMAND);
      assertThat(pub.overDelivered).isFalse();
    }
  }

  @Test
  void limit_cancelsTheSubscription() {
    RecordingPublisher pub = publisher(Long.MAX_VALUE);
    assertThat(pub.taking().limit(5).toList()).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(pub.cancelled).isTrue();
  }

  @Test
  void iteratorClose_cancelsTheSubscription() {
    RecordingPublisher pub = publisher(Long.MAX_VALUE);
    CloseableIterator<Long> it = pub.taking().mapConcurrent(2, x -> x).iterator();
    assertThat(it.next()).isZero();
    assertThat(it.next()).isEqualTo(1);
    it.close();
    assertThat(pub.cancelled).isTrue();
  }

  @Test
  void failureDownstream_cancelsTheSubscription() {
    RecordingPublisher pub = publisher(Long.MAX_VALUE);
    assertThatThrownBy(
            () ->
                pub.taking()
                    .map(
                        x -> {
                          if (x == 10) {
                            throw new IllegalStateException("bad");
                          }
                          return x;
                        })
                    .toList())
        .isInstanceOf(PipelineException.class);
    assertThat(pub.cancelled).isTrue();
  }

  @Test
  void runCancel_cancelsTheSubscription() {
    RecordingPublisher pub = publisher(Long.MAX_VALUE);
    Run<Long> run = pub.taking().buffer(4).start(x -> Thread.sleep(1));
    Await.until("some items delivered", () -> pub.delivered.get() > 10);
    run.cancel();
    assertThat(run.await(Await.LONG)).isTrue();
    assertThat(pub.cancelled).isTrue();
  }

  @Test
  void onError_failsTheRun_withThePublishersException() {
    IllegalStateException boom = new IllegalStateException("publisher broke");
    RecordingPublisher pub = publisher(3, boom);
    List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    assertThatThrownBy(() -> pub.taking().forEach(seen::add))
        .isInstanceOf(PipelineException.class)
        .hasCause(boom);
    assertThat(seen).containsExactly(0L, 1L, 2L);
  }

  @Test
  void publisher_isSubscribedAnew_eachRun() {
    // A publisher that supports several subscribers can feed several runs, one subscription each.
    Flow.Publisher<Integer> cold =
        s ->
            s.onSubscribe(
                new Flow.Subscription() {
                  int next;
                  boolean done;

                  @Override
                  public void request(long n) {
                    for (long i = 0; i < n && next < 3; i++) {
                      s.onNext(next++);
                    }
                    if (next == 3 && !done) {
                      done = true;
                      s.onComplete();
                    }
                  }

                  @Override
                  public void cancel() {}
                });
    Pipeline<Integer> p = Pipeline.from(cold);
    assertThat(p.toList()).containsExactly(0, 1, 2);
    assertThat(p.toList()).containsExactly(0, 1, 2);
  }

  @Test
  void submissionPublisher_feedsTheRun_andIsBackPressured() throws Exception {
    try (SubmissionPublisher<Integer> pub = new SubmissionPublisher<>()) {
      List<Integer> got = Collections.synchronizedList(new ArrayList<>());
      Run<Long> run = Pipeline.from(pub).mapConcurrent(4, x -> x).start(got::add);
      Await.until("the run to subscribe", () -> pub.getNumberOfSubscribers() == 1);
      for (int i = 0; i < 10_000; i++) {
        pub.submit(i); // blocks while the subscriber's buffer is full
      }
      pub.close();
      assertThat(run.await()).isEqualTo(10_000);
      assertThat(got).isEqualTo(java.util.stream.IntStream.range(0, 10_000).boxed().toList());
    }
  }

  @Test
  void submissionPublisher_losesItsSubscriber_whenALimitEndsTheRun() {
    try (SubmissionPublisher<Integer> pub = new SubmissionPublisher<>()) {
      Run<Long> run = Pipeline.from(pub).limit(3).start();
      Await.until("the run to subscribe", () -> pub.getNumberOfSubscribers() == 1);
      for (int i = 0; i < 3; i++) {
        pub.submit(i);
      }
      assertThat(run.await()).isEqualTo(3);
      pub.submit(99); // a cancelled subscriber is dropped at the next submit
      Await.until("no subscriber left", () -> !pub.hasSubscribers());
    }
  }
}
