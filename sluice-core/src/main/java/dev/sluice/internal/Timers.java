package dev.sluice.internal;

import dev.sluice.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One daemon thread, shared by all runs, that fires short actions at deadlines: it interrupts
 * calls that overran their timeout and resubmits asynchronous calls after a back-off, so that
 * waiting holds no thread of the run. Deadlines are read from each entry's {@link Ticker}; with
 * a ticker other than the system's, the thread re-reads it every millisecond. Actions must be
 * quick and must not throw.
 */
public final class Timers {
  private static final Timers SHARED = new Timers();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Entry> systemEntries =
      new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
  private final List<Entry> otherEntries = new ArrayList<>();
  private Thread thread;

  private Timers() {}

  public static Timers shared() {
    return SHARED;
  }

  /** A scheduled action; cancelling it after it fired does nothing. */
  public static final class Entry {
    private final Ticker ticker;
    private final long deadline;
    private final Runnable action;
    private volatile boolean cancelled;

    private Entry(Ticker ticker, long deadline, Runnable action) {
      this.ticker = ticker;
      this.deadline = deadline;
      this.action = action;
    }

    public void cancel() {
      cancelled = true;
    }
  }

  /** Runs {@code action} on the timer thread once {@code ticker} reaches {@code deadline}. */
  public Entry schedule(Ticker ticker, long deadline, Runnable action) {
    Entry entry = new Entry(ticker, deadline, action);
    lock.lock();
    try {
      if (ticker == Ticker.system()) {
        systemEntries.add(entry);
      } else {
        otherEntries.add(entry);
      }
      if (thread == null) {
        thread = Thread.ofPlatform().daemon().name("sluice-timer").start(this::loop);
      }
      changed.signal();
    } finally {
      lock.unlock();
    }
    return entry;
  }

  private void loop() {
    List<Entry> due = new ArrayList<>();
    while (true) {
      lock.lock();
      try {
        long wait = collectDue(due);
        if (due.isEmpty()) {
          changed.awaitNanos(wait);
          continue;
        }
      } catch (InterruptedException e) {
        continue;
      } finally {
        lock.unlock();
      }
      for (Entry entry : due) {
        if (!entry.cancelled) {
          try {
            entry.action.run();
          } catch (RuntimeException ignored) {
            // Actions report their own failures; the timer must keep going.
          }
        }
      }
      due.clear();
    }
  }

  /** Moves due entries into {@code due}; returns how long to sleep when none is due. */
  private long collectDue(List<Entry> due) {
    long now = System.nanoTime();
    while (!systemEntries.isEmpty()
        && (systemEntries.peek().cancelled || systemEntries.peek().deadline <= now)) {
      due.add(systemEntries.poll());
    }
    otherEntries.removeIf(
        entry -> {
          if (entry.cancelled || entry.ticker.nanoTime() >= entry.deadline) {
            due.add(entry);
            return true;
          }
          return false;
        });
    long wait = TimeUnit.SECONDS.toNanos(1);
    if (!systemEntries.isEmpty()) {
      wait = Math.min(wait, systemEntries.peek().deadline - now);
    }
    if (!otherEntries.isEmpty()) {
      wait = Math.min(wait, TimeUnit.MILLISECONDS.toNanos(1));
    }
    return Math.max(wait, 1);
  }
}
