package dev.sluice.internal;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * {@code Pipeline.toPublisher()}: each subscription starts a run of the pipeline and delivers
 * its items as the subscriber requests them.
 *
 * <h2>Protocol</h2>
 *
 * {@code subscribe} calls {@code onSubscribe} first and only then starts the run (unless the
 * subscriber cancelled or made a bad request inside {@code onSubscribe}). The run's terminal is
 * the emitter: in the thread of the run's last segment it waits, on a {@link Gate}, until the
 * outstanding demand is positive, then calls {@code onNext}. Waiting there is the back-pressure:
 * the last segment stops, its hand-off fills up, and so on back to the source. Demand is summed
 * with saturation at {@code Long.MAX_VALUE}, which means unbounded (rule 3.17); {@code request}
 * never calls {@code onNext} itself, so there is no recursion (rule 3.3).
 *
 * <p>{@code onComplete} or {@code onError} is signalled exactly once, from the resource-closing
 * step of the run ({@link RunContext#closeAtEnd}), which runs after every thread of the run has
 * returned: so it cannot overlap an {@code onNext} (rule 1.3), and when the subscriber sees it,
 * the run is over. A failed run signals its {@code PipelineException}; a non-positive request
 * signals an {@link IllegalArgumentException} (rule 3.9) and stops the run; a cancelled
 * subscription signals nothing and drops its reference to the subscriber at once (rule 3.13).
 * A subscriber whose {@code onNext} throws breaks rule 2.13: its subscription is treated as
 * cancelled and the run fails with that exception.
 */
public final class RunPublisher<T> implements Flow.Publisher<T> {
  /** Starts a run ending in the terminal the factory makes. */
  @FunctionalInterface
  public interface Starter {
    RunHandle<?> start(BiFunction<RunContext, StageStats, Terminal<Void>> terminal);
  }

  private final Starter starter;

  public RunPublisher(Starter starter) {
    this.starter = starter;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber (Reactive Streams rule 1.9)");
    RunSubscription<T> subscription = new RunSubscription<>(subscriber);
    subscriber.onSubscribe(subscription);
    subscription.startRun(starter);
  }

  /** The subscription of one subscriber to one run. */
  static final class RunSubscription<T> implements Flow.Subscription {
    private volatile Flow.Subscriber<? super T> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private volatile boolean cancelled;
    private volatile IllegalArgumentException badRequest;
    private volatile RunContext run;
    private volatile Gate demandGate;
    private volatile boolean brokenSubscriber;

    RunSubscription(Flow.Subscriber<? super T> subscriber) {
      this.subscriber = subscriber;
    }

    void startRun(Starter starter) {
      if (cancelled) {
        return;
      }
      IllegalArgumentException bad = badRequest;
      if (bad != null) {
        Flow.Subscriber<? super T> s = subscriber;
        subscriber = null;
        if (s != null) {
          s.onError(bad);
        }
        return;
      }
      RunHandle<?> handle = starter.start(this::terminal);
      if (cancelled || badRequest != null) {
        handle.cancel();
      }
    }

    private Terminal<Void> terminal(RunContext run, StageStats stats) {
      this.run = run;
      Gate gate = new Gate(run);
      this.demandGate = gate;
      run.closeAtEnd(this::finish);
      return new Terminal<>() {
        @Override
        public boolean push(Object item) {
          return emit(gate, stats, item);
        }

        @Override
        public Void result() {
          return null;
        }
      };
    }

    @SuppressWarnings("unchecked")
    private boolean emit(Gate gate, StageStats stats, Object item) {
      stats.addIn(1);
      if (demand.get() == 0) {
        gate.await(() -> demand.get() > 0 || cancelled);
      }
      Flow.Subscriber<? super T> s = subscriber;
      if (cancelled || s == null) {
        return false;
      }
      if (demand.get() != Long.MAX_VALUE) {
        demand.decrementAndGet();
      }
      try {
        s.onNext((T) item);
      } catch (Throwable e) {
        brokenSubscriber = true;
        cancelled = true;
        subscriber = null;
        throw Failures.onItem(stats, stats.in() - 1, item, e);
      }
      stats.addOut(1);
      return !cancelled;
    }

    /** After every thread of the run has returned: the one terminal signal, if any. */
    private void finish() {
      Flow.Subscriber<? super T> s = subscriber;
      subscriber = null;
      if (s == null || brokenSubscriber) {
        return;
      }
      IllegalArgumentException bad = badRequest;
      if (bad != null) {
        s.onError(bad);
        return;
      }
      if (cancelled) {
        return;
      }
      try {
        run.rethrow();
      } catch (CancellationException e) {
        return;
      } catch (RuntimeException e) {
        s.onError(e);
        return;
      }
      s.onComplete();
    }

    @Override
    public void request(long n) {
      if (cancelled || badRequest != null) {
        return;
      }
      if (n <= 0) {
        badRequest =
            new IllegalArgumentException(
                "request must be positive (Reactive Streams rule 3.9), was " + n);
        RunContext r = run;
        if (r != null) {
          r.cancel();
        }
        return;
      }
      long current;
      long next;
      do {
        current = demand.get();
        next = current + n;
        if (next < 0) {
          next = Long.MAX_VALUE;
        }
      } while (!demand.compareAndSet(current, next));
      Gate gate = demandGate;
      if (gate != null) {
        gate.signal();
      }
    }

    @Override
    public void cancel() {
      if (cancelled) {
        return;
      }
      cancelled = true;
      subscriber = null;
      RunContext r = run;
      if (r != null) {
        r.cancel();
      }
      Gate gate = demandGate;
      if (gate != null) {
        gate.signalAll();
      }
    }
  }
}
