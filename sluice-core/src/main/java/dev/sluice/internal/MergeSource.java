package dev.sluice.internal;

import dev.sluice.Run;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code Pipeline.merge}: the source of a run that runs other pipelines as sub-runs and passes
 * on their items as they arrive.
 *
 * <p>Each input pipeline runs as a child run of its own, with its own threads, whose terminal
 * pushes into one bounded channel shared by all children (many producers, this source's thread
 * the one consumer). The channel's gates belong to the parent run, so stopping the parent wakes
 * every child blocked on it; the parent also cancels every child when it stops ({@link
 * RunContext#onStop}). For each child the parent spawns a watcher that waits for the child's end:
 * a child's failure is thrown there and fails the parent, and because the watchers are threads of
 * the parent, the parent is not over before every child is.
 */
public final class MergeSource<T> implements Source<T> {
  /**
   * Starts one input pipeline as a child run ending in the given terminal, with the parent's
   * thread factory and ticker.
   */
  @FunctionalInterface
  public interface Input {
    Run<?> start(RunContext parent, Terminal<Void> terminal);
  }

  private final RunContext run;
  private final StageStats stats;
  private final List<Input> inputs;
  private final List<Run<?>> children = new CopyOnWriteArrayList<>();
  private final Channel channel;

  public MergeSource(RunContext run, StageStats stats, List<Input> inputs, int capacity) {
    this.run = run;
    this.stats = stats;
    this.inputs = inputs;
    this.channel = new Channel(run, capacity, inputs.size());
    stats.queuedBy(() -> channel.size);
    stats.limits(0, capacity);
    run.onStop(this::cancelChildren);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void drive(Downstream<? super T> downstream) throws Exception {
    for (int i = 0; i < inputs.size(); i++) {
      Run<?> child = inputs.get(i).start(run, channel.producer());
      children.add(child);
      if (run.isStopped()) {
        child.cancel();
      }
      run.spawn(stats.name() + "-input-" + i, () -> watch(child));
    }
    while (true) {
      Object item = channel.take();
      if (item == SpscRing.END) {
        downstream.complete();
        return;
      }
      stats.addOut(1);
      if (!downstream.push((T) item)) {
        channel.decline();
        cancelChildren();
        return;
      }
    }
  }

  /**
   * Waits for a child run to end and fails this run with the child's failure, unless this run
   * stopped first or cancelled the child itself (then whatever the child reports is an echo).
   */
  private void watch(Run<?> child) {
    try {
      child.await();
    } catch (CancellationException e) {
      // cancelled by this run: it stopped, or its downstream wants no more
    } catch (RuntimeException e) {
      if (!run.isStopped()) {
        throw e;
      }
    }
  }

  private void cancelChildren() {
    for (Run<?> child : children) {
      child.cancel();
    }
  }

  @Override
  public void close() {
    cancelChildren();
  }

  /** A bounded channel with many producers (the children's terminals) and one consumer. */
  private static final class Channel {
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private final int capacity;
    private final AtomicInteger open;
    private final Gate notFull;
    private final Gate notEmpty;
    private volatile int size;
    private volatile boolean allDone;
    private volatile boolean declined;

    Channel(RunContext run, int capacity, int producers) {
      this.capacity = capacity;
      this.open = new AtomicInteger(producers);
      this.allDone = producers == 0;
      this.notFull = new Gate(run);
      this.notEmpty = new Gate(run);
    }

    Terminal<Void> producer() {
      return new Terminal<>() {
        @Override
        public boolean push(Object item) {
          return offer(item);
        }

        @Override
        public void complete() {
          if (open.decrementAndGet() == 0) {
            allDone = true;
            notEmpty.signalAll();
          }
        }

        @Override
        public Void result() {
          return null;
        }
      };
    }

    boolean offer(Object item) {
      while (true) {
        if (declined) {
          return false;
        }
        lock.lock();
        try {
          if (size < capacity) {
            items.add(item);
            size = items.size();
            break;
          }
        } finally {
          lock.unlock();
        }
        notFull.await(() -> size < capacity || declined);
      }
      notEmpty.signal();
      return true;
    }

    Object take() {
      while (true) {
        Object item;
        lock.lock();
        try {
          item = items.poll();
          size = items.size();
        } finally {
          lock.unlock();
        }
        if (item != null) {
          notFull.signal();
          return item;
        }
        if (allDone && size == 0) {
          return SpscRing.END;
        }
        notEmpty.await(() -> size > 0 || allDone);
      }
    }

    void decline() {
      declined = true;
      notFull.signalAll();
    }
  }
}
