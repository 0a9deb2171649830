package dev.sluice.internal;

import dev.sluice.CloseableIterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;

/**
 * The consumer's end of {@code Pipeline.iterator()}: takes results from the ring that the
 * run's last segment fills. Closing it early cancels the run and waits for its threads.
 */
public final class PullIterator<T> implements CloseableIterator<T> {
  private final SpscRing<T> ring;
  private final RunHandle<?> handle;
  private Object next;
  private boolean ended;

  public PullIterator(SpscRing<T> ring, RunHandle<?> handle) {
    this.ring = ring;
    this.handle = handle;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (ended) {
      return false;
    }
    Object item;
    try {
      item = ring.takeInterruptibly();
    } catch (RunStopped stopped) {
      item = SpscRing.END;
    } catch (InterruptedException e) {
      // The consumer's thread was interrupted: that stops the run, as in Run.await().
      close();
      Thread.currentThread().interrupt();
      CancellationException cancelled =
          new CancellationException("interrupted while waiting for the next item; the run was cancelled");
      cancelled.initCause(e);
      throw cancelled;
    }
    if (item == SpscRing.END) {
      ended = true;
      handle.await(); // throws the run's failure, if any
      return false;
    }
    next = item;
    return true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T item = (T) next;
    next = null;
    return item;
  }

  @Override
  public void close() {
    ended = true;
    next = null;
    ring.decline();
    handle.cancel();
    handle.context().awaitFinishedUninterruptibly();
  }
}
