package dev.sluice.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded channel between one producing thread and one consuming thread: the hand-off of
 * {@code buffer(n)}, of timed batches, and of a pull iterator.
 *
 * <p>Algorithm: a ring of slots with two counters. The producer writes a slot with a plain store
 * and then publishes it with a volatile write of {@code tail}; the consumer reads {@code tail}
 * (volatile), takes the slot, clears it and frees it with a volatile write of {@code head}. Each
 * side caches the other's counter and re-reads it only when the ring looks full or empty, so in
 * steady state a hand-off costs one volatile write per side and no lock. Blocking goes through
 * {@link Gate}s. The producer stops when the consumer has declined; the consumer ends after the
 * producer completed and the ring is empty.
 */
public final class SpscRing<T> implements Downstream<T>, Upstream<T> {
  /** Returned by {@link #take()} and {@link #pollUntil} when the producer completed. */
  public static final Object END = new Object();
  /** Returned by {@link #pollUntil} when the deadline passed first. */
  public static final Object TIMEOUT = new Object();

  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

  private final Object[] slots;
  private final int mask;
  private final int capacity;
  private final Gate notFull;
  private final Gate notEmpty;
  private final StageStats stats;

  private volatile long head;
  private volatile long tail;
  private volatile boolean completed;
  private volatile boolean declined;
  private volatile Runnable declineAction;

  // Producer-side state.
  private long producerTail;
  private long headCache;
  // Consumer-side state.
  private long consumerHead;
  private long tailCache;

  public SpscRing(RunContext run, int capacity, StageStats stats) {
    this.capacity = capacity;
    this.slots = new Object[Integer.highestOneBit(Math.max(1, capacity - 1)) << 1];
    this.mask = slots.length - 1;
    this.notFull = new Gate(run);
    this.notEmpty = new Gate(run);
    this.stats = stats;
    if (stats != null) {
      stats.queuedBy(() -> tail - head);
      stats.limits(0, capacity);
    }
  }

  @Override
  public boolean push(T item) {
    if (declined) {
      return false;
    }
    long t = producerTail;
    if (t - headCache >= capacity) {
      headCache = head;
      if (t - headCache >= capacity) {
        notFull.await(() -> t - head < capacity || declined);
        if (declined) {
          return false;
        }
        headCache = head;
      }
    }
    slots[(int) (t & mask)] = item;
    producerTail = t + 1;
    tail = t + 1;
    if (stats != null) {
      stats.addIn(1);
    }
    notEmpty.signal();
    return true;
  }

  @Override
  public void complete() {
    completed = true;
    notEmpty.signalAll();
  }

  /** Consumer: tells the producer that no more items are wanted. */
  public void decline() {
    if (declined) {
      return;
    }
    declined = true;
    notFull.signalAll();
    notEmpty.signalAll();
    Runnable action = declineAction;
    if (action != null) {
      action.run();
    }
  }

  public boolean isDeclined() {
    return declined;
  }

  /** What to run once the consumer declines. */
  public void onDecline(Runnable action) {
    this.declineAction = action;
  }

  /** Consumer: the next item, or {@link #END}; blocks while the ring is empty. */
  public Object take() {
    Object item = poll();
    if (item != null) {
      return item;
    }
    notEmpty.await(() -> tail != consumerHead || completed || declined);
    item = declined ? null : poll();
    return item != null ? item : END;
  }

  /** Consumer: as {@link #take()}, but an interrupt of the waiting thread ends the wait. */
  public Object takeInterruptibly() throws InterruptedException {
    Object item = poll();
    if (item != null) {
      return item;
    }
    notEmpty.awaitInterruptibly(() -> tail != consumerHead || completed || declined);
    item = declined ? null : poll();
    return item != null ? item : END;
  }

  /** Consumer: the next item, {@link #END}, or {@link #TIMEOUT} when the deadline passes. */
  public Object pollUntil(long deadline) {
    Object item = poll();
    if (item != null) {
      return item;
    }
    if (!notEmpty.awaitUntil(() -> tail != consumerHead || completed || declined, deadline)) {
      return TIMEOUT;
    }
    item = declined ? null : poll();
    return item != null ? item : END;
  }

  /** Consumer: the next item if one is there; null if the ring is empty. */
  private Object poll() {
    long h = consumerHead;
    if (h == tailCache) {
      tailCache = tail;
      if (h == tailCache) {
        return null;
      }
    }
    int index = (int) (h & mask);
    Object item = slots[index];
    SLOTS.setOpaque(slots, index, null);
    consumerHead = h + 1;
    head = h + 1;
    notFull.signal();
    if (stats != null) {
      stats.addOut(1);
    }
    return item;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void drive(Downstream<? super T> downstream) throws Exception {
    while (true) {
      Object item = take();
      if (item == END) {
        if (!declined) {
          downstream.complete();
        }
        return;
      }
      if (!downstream.push((T) item)) {
        decline();
        return;
      }
    }
  }
}
