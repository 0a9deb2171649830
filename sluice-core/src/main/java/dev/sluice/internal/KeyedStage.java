package dev.sluice.internal;

import dev.sluice.CheckedFunction;
import dev.sluice.internal.jfr.SluiceEvents;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * {@code mapPartitioned}: items with equal keys are processed one at a time in arrival order,
 * items with different keys concurrently on up to {@code concurrency} workers; results leave in
 * completion order.
 *
 * <h2>Algorithm</h2>
 *
 * Under one lock: for every active key (one with an item queued or running), a queue of its
 * waiting items; a queue of <em>ready</em> keys (items waiting, none running), in the order they
 * became ready; and a queue of results. The inlet appends an item to its key's queue, making the
 * key ready if it was not active. A worker takes the first ready key and that key's first item,
 * so the key is running and no other worker can take it; when the call ends, the worker appends
 * the result, and puts the key back at the end of the ready queue if more of its items wait (so
 * a hot key takes turns with the others), else retires it. The outlet passes results on.
 *
 * <h2>Bound, and why it cannot deadlock</h2>
 *
 * {@code held} counts items admitted and not yet passed on, whatever their state: waiting,
 * running, or done. The inlet admits an item only while {@code held < capacity}, and only the
 * outlet decreases it. So the stage holds at most {@code capacity} items in all, however the keys
 * are spread (one hot key may take all of it), and the results queue can never overflow: workers
 * never wait for room, only for work. When the downstream stalls, results pile up until the
 * inlet stops admitting; when it resumes, every result it takes frees a place for the inlet, and
 * workers wake as keys become ready. No state waits on another in a cycle, which is the
 * deadlock of Pekko's {@code mapAsyncPartitioned} (issue 2886), where a per-key buffer that
 * filled up while the output was stalled could never drain.
 *
 * <p>Counts read by {@link Gate} conditions ({@code held}, {@code ready}, {@code waiting},
 * {@code results}) are volatile or atomic and written before the gate is signalled.
 */
public final class KeyedStage<T, R> implements Boundary {
  private record Entry<T>(T item, long position) {}

  private final RunContext run;
  private final StageStats stats;
  private final int concurrency;
  private final int capacity;
  private final Function<? super T, ?> key;
  private final CheckedFunction<? super T, ? extends R> function;

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Object, ArrayDeque<Entry<T>>> active = new HashMap<>();
  private final ArrayDeque<Object> readyKeys = new ArrayDeque<>();
  private final ArrayDeque<R> results = new ArrayDeque<>();

  private final AtomicInteger held = new AtomicInteger();
  private volatile int readyCount;
  private volatile int waitingCount;
  private volatile int resultCount;
  private volatile boolean inputDone;
  private volatile boolean declined;
  private volatile Runnable declineAction;
  private final java.util.List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final Gate room;
  private final Gate work;
  private final Gate ready;

  // Inlet-thread state.
  private long inletPosition;

  public KeyedStage(
      RunContext run,
      StageStats stats,
      int concurrency,
      int capacity,
      Function<? super T, ?> key,
      CheckedFunction<? super T, ? extends R> function) {
    this.run = run;
    this.stats = stats;
    this.concurrency = concurrency;
    this.capacity = capacity;
    this.key = key;
    this.function = function;
    this.room = new Gate(run);
    this.work = new Gate(run);
    this.ready = new Gate(run);
    stats.queuedBy(held::get);
    stats.limits(concurrency, capacity);
  }

  @Override
  public void start() {
    for (int w = 0; w < concurrency; w++) {
      Thread worker = run.spawn(stats.name() + "-worker-" + w, this::work);
      if (worker != null) {
        workers.add(worker);
      }
    }
  }

  @Override
  public void decline() {
    if (declined) {
      return;
    }
    declined = true;
    room.signalAll();
    work.signalAll();
    ready.signalAll();
    for (Thread worker : workers) {
      worker.interrupt();
    }
    Runnable action = declineAction;
    if (action != null) {
      action.run();
    }
  }

  @Override
  public void onDecline(Runnable action) {
    this.declineAction = action;
  }

  // ---------------------------------------------------------------- inlet

  @Override
  public Downstream<?> inlet() {
    return Inlet.of(this::admit, this::endOfInput);
  }

  private void endOfInput() {
    inputDone = true;
    work.signalAll();
    ready.signalAll();
  }

  private boolean admit(T item) {
    if (declined) {
      return false;
    }
    run.checkNotStopped();
    long position = inletPosition++;
    Object k;
    try {
      k = key.apply(item);
    } catch (Throwable e) {
      stats.failed();
      throw Failures.onItem(stats, position, item, e);
    }
    if (k == null) {
      stats.failed();
      throw Failures.onItem(
          stats, position, item, new NullPointerException("the key function returned null"));
    }
    if (held.get() >= capacity) {
      room.await(() -> held.get() < capacity || declined);
      if (declined) {
        return false;
      }
    }
    stats.addIn(1);
    held.incrementAndGet();
    boolean becameReady;
    lock.lock();
    try {
      ArrayDeque<Entry<T>> queue = active.get(k);
      becameReady = queue == null;
      if (becameReady) {
        queue = new ArrayDeque<>();
        active.put(k, queue);
        readyKeys.add(k);
      }
      queue.add(new Entry<>(item, position));
      waitingCount++;
      if (becameReady) {
        readyCount++;
      }
    } finally {
      lock.unlock();
    }
    if (becameReady) {
      work.signal();
    }
    return true;
  }

  // ---------------------------------------------------------------- workers

  private boolean workOrEnd() {
    return readyCount > 0 || (inputDone && waitingCount == 0) || declined;
  }

  private void work() {
    while (true) {
      if (declined) {
        return;
      }
      Object k;
      Entry<T> entry;
      lock.lock();
      try {
        k = readyKeys.poll();
        if (k != null) {
          readyCount--;
          entry = active.get(k).poll();
          waitingCount--;
        } else {
          entry = null;
        }
      } finally {
        lock.unlock();
      }
      if (k == null) {
        if (inputDone && waitingCount == 0) {
          return;
        }
        work.await(this::workOrEnd);
        continue;
      }
      if (inputDone && waitingCount == 0) {
        work.signalAll(); // that was the last item: idle workers may leave
      }
      R result = call(entry);
      boolean again;
      lock.lock();
      try {
        results.add(result);
        resultCount++;
        ArrayDeque<Entry<T>> queue = active.get(k);
        again = !queue.isEmpty();
        if (again) {
          readyKeys.add(k); // back of the line: a hot key takes turns with the others
          readyCount++;
        } else {
          active.remove(k);
        }
      } finally {
        lock.unlock();
      }
      ready.signal();
      if (again) {
        work.signal();
      }
    }
  }

  private R call(Entry<T> entry) {
    run.checkNotStopped();
    long started = System.nanoTime();
    stats.callsStarted(1);
    R result;
    try {
      result = function.apply(entry.item());
    } catch (Throwable e) {
      if (declined) {
        throw RunStopped.INSTANCE; // interrupted because no more output is wanted
      }
      if (!run.isStopped()) {
        stats.failed();
      }
      throw Failures.onItem(stats, entry.position(), entry.item(), e);
    } finally {
      stats.callsEnded(1);
      long took = System.nanoTime() - started;
      stats.callsTook(1, took);
      SluiceEvents.call(stats, took);
    }
    if (result == null) {
      throw Failures.nullResult(stats, entry.position(), entry.item());
    }
    return result;
  }

  // ---------------------------------------------------------------- outlet

  @Override
  public Upstream<?> outlet() {
    return this::drain;
  }

  private boolean resultOrEnd() {
    return resultCount > 0 || (inputDone && held.get() == 0) || declined;
  }

  private void drain(Downstream<? super R> downstream) throws Exception {
    while (true) {
      R result;
      lock.lock();
      try {
        result = results.poll();
        if (result != null) {
          resultCount--;
        }
      } finally {
        lock.unlock();
      }
      if (result == null) {
        if (inputDone && held.get() == 0) {
          downstream.complete();
          return;
        }
        ready.await(this::resultOrEnd);
        if (declined) {
          return;
        }
        continue;
      }
      held.decrementAndGet();
      room.signal();
      stats.addOut(1);
      if (!downstream.push(result)) {
        decline();
        return;
      }
    }
  }
}
