package dev.sluice.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/**
 * A thread factory that records every thread it makes, so a test can check that a run left
 * none behind. Makes virtual threads by default, platform (daemon) threads on request.
 */
public final class TrackingThreadFactory implements ThreadFactory {
  private final ThreadFactory delegate;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  private TrackingThreadFactory(ThreadFactory delegate) {
    this.delegate = delegate;
  }

  /** A factory of virtual threads. */
  public static TrackingThreadFactory virtual() {
    return new TrackingThreadFactory(Thread.ofVirtual().name("tracked-v-", 0).factory());
  }

  /** A factory of platform daemon threads. */
  public static TrackingThreadFactory platform() {
    return new TrackingThreadFactory(Thread.ofPlatform().daemon().name("tracked-p-", 0).factory());
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = delegate.newThread(task);
    threads.add(thread);
    return thread;
  }

  /** Every thread made so far. */
  public List<Thread> threads() {
    return List.copyOf(threads);
  }

  public int created() {
    return threads.size();
  }

  /** The threads made so far that are still alive. */
  public List<Thread> alive() {
    return threads.stream().filter(Thread::isAlive).toList();
  }

  /** Waits up to {@code timeout} for every thread made so far to end; returns those left. */
  public List<Thread> awaitTermination(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        thread.join(Duration.ofNanos(left));
      }
    }
    return alive();
  }
}
