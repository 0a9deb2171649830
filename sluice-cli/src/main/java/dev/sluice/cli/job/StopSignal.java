package dev.sluice.cli.job;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The first Ctrl-C's graceful stop: once {@link #requestStop()} is called, no row starts a new
 * call (a row that would start parks until the job is interrupted, and is redone by the next
 * run), while calls already under way may finish and be written. {@link #awaitIdle} tells when
 * they have. Thread-safe.
 */
public final class StopSignal {
  private final CountDownLatch never = new CountDownLatch(1);
  private final Object lock = new Object();
  private volatile boolean stopping;
  private int inFlight;

  /**
   * Whether a stop was requested.
   *
   * @return true after {@link #requestStop()}
   */
  public boolean stopping() {
    return stopping;
  }

  /** Stops new calls from starting. */
  public void requestStop() {
    stopping = true;
  }

  /**
   * Enters a call; parks (until interrupted) instead if the job is stopping. The count goes up
   * before the flag is read, so {@link #awaitIdle} never misses a call that got in.
   *
   * @throws InterruptedException when the stopping job is interrupted
   */
  public void enter() throws InterruptedException {
    synchronized (lock) {
      inFlight++;
    }
    if (stopping) {
      exit();
      park();
    }
  }

  /** Leaves a call entered with {@link #enter()}. */
  public void exit() {
    synchronized (lock) {
      inFlight--;
      lock.notifyAll();
    }
  }

  /**
   * Parks the calling row until the job is interrupted, if the job is stopping; returns at once
   * otherwise. Used before a retry, so a stopping job does not start new attempts.
   *
   * @throws InterruptedException when the stopping job is interrupted
   */
  public void checkpoint() throws InterruptedException {
    if (stopping) {
      park();
    }
  }

  private void park() throws InterruptedException {
    never.await();
    throw new InterruptedException("stopped");
  }

  /**
   * Waits until no call is under way, or the grace period has passed.
   *
   * @param grace the longest wait
   * @return true if no call is under way
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitIdle(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (lock) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /**
   * Calls under way now.
   *
   * @return the count
   */
  public int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }
}
