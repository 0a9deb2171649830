package dev.sluice;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded, closeable queue that code outside a pipeline pushes into, for live sources such
 * as a websocket or an MQTT subscription: {@code Pipeline.from(feed)} takes the items in order
 * and ends when the feed is closed and drained.
 *
 * <p>Back-pressure: {@link #put} blocks while the feed holds {@code capacity} items, so a
 * producer can never run further ahead of the pipeline than that. Thread-safe; any number of
 * producers. A feed is read by one pipeline run.
 *
 * @param <T> the item type
 */
public final class Feed<T> implements AutoCloseable {
  private final ArrayDeque<T> items = new ArrayDeque<>();
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final Condition notEmpty = lock.newCondition();
  private boolean closed;

  /**
   * Creates a feed.
   *
   * @param capacity how many items it holds before {@link #put} blocks; at least 1
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public Feed(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Adds an item, waiting while the feed is full.
   *
   * @param item the item, not null
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if the feed is closed
   */
  public void put(T item) throws InterruptedException {
    if (item == null) {
      throw new NullPointerException("item");
    }
    lock.lockInterruptibly();
    try {
      while (items.size() >= capacity && !closed) {
        notFull.await();
      }
      if (closed) {
        throw new IllegalStateException("the feed is closed");
      }
      items.addLast(item);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the feed: the pipeline takes what is left and then completes. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The next item, or null once the feed is closed and empty. */
  T take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (items.isEmpty()) {
        if (closed) {
          return null;
        }
        notEmpty.await();
      }
      T item = items.removeFirst();
      notFull.signal();
      return item;
    } finally {
      lock.unlock();
    }
  }
}
