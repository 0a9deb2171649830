package dev.sluice.internal;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Flow.Publisher} as a source. It requests only what its ring can hold, so the
 * publisher's {@code onNext} never blocks; as the pipeline takes items it requests half a ring
 * at a time. When the run ends before the publisher completes, the subscription is cancelled.
 *
 * <p>As a {@link Flow.Subscriber} it follows the Reactive Streams rules (checked by the TCK's
 * subscriber verification): a null argument throws {@link NullPointerException} (rule 2.13; a
 * null item also fails the run), a second {@code onSubscribe} is cancelled (rule 2.5), and after
 * {@code onComplete} or {@code onError} the subscription is considered cancelled and is never
 * called again (rule 2.4).
 */
public final class PublisherSource<T> implements Source<T>, Flow.Subscriber<T> {
  private final Flow.Publisher<? extends T> publisher;
  private final RunContext run;
  private final StageStats stats;
  private final SpscRing<T> ring;
  private final int capacity;
  private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
  private volatile Throwable error;
  private volatile boolean closed;

  public PublisherSource(
      Flow.Publisher<? extends T> publisher, RunContext run, StageStats stats, int capacity) {
    this.publisher = publisher;
    this.run = run;
    this.stats = stats;
    this.capacity = capacity;
    this.ring = new SpscRing<>(run, capacity, null);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    Objects.requireNonNull(s, "subscription (Reactive Streams rule 2.13)");
    if (closed || !subscription.compareAndSet(null, s)) {
      s.cancel();
      return;
    }
    s.request(capacity);
  }

  @Override
  public void onNext(T item) {
    if (item == null) {
      NullPointerException npe =
          new NullPointerException("the publisher sent null (Reactive Streams rule 2.13)");
      terminated(npe);
      throw npe;
    }
    try {
      ring.push(item);
    } catch (RunStopped stopped) {
      // the run stopped while an over-eager publisher waited for room: drop the item
    }
  }

  @Override
  public void onError(Throwable throwable) {
    Objects.requireNonNull(throwable, "throwable (Reactive Streams rule 2.13)");
    terminated(throwable);
  }

  @Override
  public void onComplete() {
    terminated(null);
  }

  /** The publisher is done: its subscription counts as cancelled and is not called again. */
  private void terminated(Throwable failure) {
    if (failure != null) {
      error = failure;
    }
    Flow.Subscription s = subscription.get();
    if (s != CANCELLED) {
      subscription.compareAndSet(s, DONE);
    }
    ring.complete();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void drive(Downstream<? super T> downstream) throws Exception {
    publisher.subscribe(this);
    int batch = Math.max(1, capacity / 2);
    int taken = 0;
    while (true) {
      run.checkNotStopped();
      Object item = ring.take();
      if (item == SpscRing.END) {
        break;
      }
      stats.addOut(1);
      if (!downstream.push((T) item)) {
        close();
        return;
      }
      if (++taken == batch) {
        taken = 0;
        Flow.Subscription s = subscription.get();
        if (s != null && s != CANCELLED && s != DONE) {
          s.request(batch);
        }
      }
    }
    Throwable failure = error;
    if (failure != null) {
      throw Failures.onItem(stats, stats.out(), "the publisher", failure);
    }
    downstream.complete();
  }

  @Override
  public void close() {
    closed = true;
    Flow.Subscription s = subscription.getAndSet(CANCELLED);
    if (s != null && s != CANCELLED && s != DONE) {
      s.cancel();
    }
  }

  private static final Flow.Subscription CANCELLED = new NoSubscription();
  private static final Flow.Subscription DONE = new NoSubscription();

  /** A stand-in for a subscription that is over. */
  private static final class NoSubscription implements Flow.Subscription {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }
}
