package dev.sluice.internal;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Where threads of a run wait for a condition on shared state (room in a ring, an item, a
 * result) and are woken when it may have changed.
 *
 * <p>The fast path takes no lock: a waiter first spins briefly on the condition; only then does
 * it take the lock, count itself in {@code waiting} (a volatile field) and re-check the condition
 * before sleeping. A signaller first makes its change visible with a volatile write and then
 * reads {@code waiting}; only when someone waits does it take the lock to signal. Because both
 * sides write one volatile variable and then read the other, at least one of them sees the
 * other's write, so a wake-up cannot be lost. Conditions passed to the await methods must
 * therefore read volatile state.
 *
 * <p>Every gate is registered with its run: stopping the run wakes all waiters, and they leave
 * by throwing {@link RunStopped}.
 */
public final class Gate {
  private static final int SPINS = 64;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final RunContext run;
  private volatile int waiting;

  public Gate(RunContext run) {
    this.run = run;
    run.onStop(this::signalAll);
  }

  /** Blocks until {@code ready} holds; throws {@link RunStopped} if the run stops first. */
  public void await(BooleanSupplier ready) {
    for (int i = 0; i < SPINS; i++) {
      if (ready.getAsBoolean()) {
        return;
      }
      Thread.onSpinWait();
    }
    lock.lock();
    try {
      waiting++;
      try {
        while (!ready.getAsBoolean()) {
          run.checkNotStopped();
          changed.awaitUninterruptibly();
        }
      } finally {
        waiting--;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Like {@link #await} but gives up when the waiting thread is interrupted: for a thread that
   * is not the run's own (the consumer of a pull iterator), whose interrupt means "stop".
   */
  public void awaitInterruptibly(BooleanSupplier ready) throws InterruptedException {
    if (ready.getAsBoolean()) {
      return;
    }
    lock.lockInterruptibly();
    try {
      waiting++;
      try {
        while (!ready.getAsBoolean()) {
          run.checkNotStopped();
          changed.await();
        }
      } finally {
        waiting--;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until {@code ready} holds or the run's ticker reaches {@code deadline}.
   *
   * @return whether {@code ready} holds
   */
  public boolean awaitUntil(BooleanSupplier ready, long deadline) {
    // A manual ticker moves without telling anyone: poll it in short real-time steps.
    long slice = run.systemTime() ? Long.MAX_VALUE : 1_000_000L;
    return awaitDeadline(ready, deadline, run.ticker()::nanoTime, slice);
  }

  /**
   * Blocks until {@code ready} holds or {@code nanos} of real time have passed, whatever the
   * run's ticker: for waits that trade a little latency for fewer wake-ups.
   *
   * @return whether {@code ready} holds
   */
  public boolean awaitNanos(BooleanSupplier ready, long nanos) {
    return awaitDeadline(ready, System.nanoTime() + nanos, System::nanoTime, Long.MAX_VALUE);
  }

  /**
   * Waits until {@code ready} holds or {@code clock} reaches {@code deadline}, sleeping at most
   * {@code slice} at a time.
   */
  private boolean awaitDeadline(
      BooleanSupplier ready, long deadline, LongSupplier clock, long slice) {
    if (ready.getAsBoolean()) {
      return true;
    }
    lock.lock();
    try {
      waiting++;
      try {
        while (!ready.getAsBoolean()) {
          run.checkNotStopped();
          long remaining = deadline - clock.getAsLong();
          if (remaining <= 0) {
            return false;
          }
          try {
            changed.awaitNanos(Math.min(remaining, slice));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.checkNotStopped();
          }
        }
        return true;
      } finally {
        waiting--;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether some thread is blocked here (or about to block, having counted itself). */
  public boolean hasWaiters() {
    return waiting > 0;
  }

  /** Wakes one waiter, if any. Call after a volatile write that may make a condition true. */
  public void signal() {
    if (waiting > 0) {
      lock.lock();
      try {
        changed.signal();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Wakes every waiter, if any. */
  public void signalAll() {
    if (waiting > 0) {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
