package dev.sluice.internal;

import dev.sluice.PipelineException;
import dev.sluice.Ticker;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The state one run shares among its threads: which threads it owns, whether it has stopped,
 * and why.
 *
 * <p>Ownership: every thread of the run is started by {@link #spawn}, which counts it in
 * {@code pending}. The assembler holds one extra count until it has spawned everything, so the
 * run cannot look finished while it is still being started. The run is over when the count
 * reaches zero, that is, when every thread it started has returned.
 *
 * <p>Stopping: the first failure wins ({@link #fail}); it stops the run, which interrupts every
 * live thread of the run and wakes every {@link Gate}. Failures that come later are attached to
 * the first as suppressed, unless they are only the echo of the stop (an interrupt).
 */
public final class RunContext {
  private final ThreadFactory threads;
  private final Ticker ticker;
  private final boolean systemTime;
  private final Set<Thread> live = ConcurrentHashMap.newKeySet();
  private final List<Thread> all = new CopyOnWriteArrayList<>();
  private final AtomicInteger pending = new AtomicInteger(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final List<Runnable> stopActions = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
  private volatile boolean stopped;
  private volatile boolean cancelled;

  public RunContext(ThreadFactory threads, Ticker ticker) {
    this.threads = threads;
    this.ticker = ticker;
    this.systemTime = ticker == Ticker.system();
  }

  public Ticker ticker() {
    return ticker;
  }

  /** Where the run's threads come from; sub-runs (a merge's sources) take theirs from it too. */
  public ThreadFactory threads() {
    return threads;
  }

  boolean systemTime() {
    return systemTime;
  }

  /** Starts a thread owned by this run. Whatever it throws fails the run. */
  public Thread spawn(String name, ThrowingRunnable body) {
    pending.incrementAndGet();
    Thread thread;
    try {
      thread =
          threads.newThread(
              () -> {
                try {
                  // Runs even when the run has already stopped: a source segment must still
                  // open and close its source (a Stream's onClose, say); everything else
                  // notices the stop at its first check.
                  body.run();
                } catch (Throwable e) {
                  fail(e);
                } finally {
                  live.remove(Thread.currentThread());
                  release();
                }
              });
      if (thread == null) {
        throw new IllegalStateException("the thread factory returned no thread");
      }
      if (thread.isVirtual() || thread.getName().isEmpty()) {
        thread.setName("sluice-" + name);
      }
      live.add(thread);
      all.add(thread);
      if (stopped) {
        thread.interrupt();
      }
      thread.start();
    } catch (Throwable e) {
      // Nothing will run: give back the count, or the run could never finish.
      fail(new IllegalStateException("could not start the thread for " + name + ": " + e, e));
      release();
      return null;
    }
    return thread;
  }

  /** Called once by the assembler when every thread has been spawned. */
  public void started() {
    release();
  }

  private void release() {
    if (pending.decrementAndGet() == 0) {
      closeResources();
      finished.countDown();
    }
  }

  /** Registers something to close when the run ends, however it ends. */
  public void closeAtEnd(AutoCloseable resource) {
    resources.add(resource);
  }

  private void closeResources() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        fail(e);
      }
    }
  }

  /** Runs {@code action} when the run stops (fails or is cancelled), or now if it has. */
  public void onStop(Runnable action) {
    stopActions.add(action);
    if (stopped) {
      action.run();
    }
  }

  public boolean isStopped() {
    return stopped;
  }

  /** Throws {@link RunStopped} if the run has stopped. */
  public void checkNotStopped() {
    if (stopped) {
      throw RunStopped.INSTANCE;
    }
  }

  /** Records a failure; the first one stops the run. */
  public void fail(Throwable error) {
    if (error instanceof RunStopped || (stopped && isEchoOfStop(error))) {
      return;
    }
    if (failure.compareAndSet(null, error)) {
      stop();
    } else if (!isEchoOfStop(error)) {
      Throwable first = failure.get();
      if (first != error) {
        first.addSuppressed(error);
      }
    }
  }

  /** Stops the run without a failure. */
  public void cancel() {
    if (!stopped && !isFinished()) {
      cancelled = true;
      stop();
    }
  }

  private synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    Thread self = Thread.currentThread();
    for (Thread thread : live) {
      if (thread != self) {
        thread.interrupt();
      }
    }
    for (Runnable action : stopActions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        fail(e);
      }
    }
  }

  private boolean isEchoOfStop(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException
          || t instanceof ClosedByInterruptException
          || t instanceof InterruptedIOException
          || t instanceof CancellationException
          || t instanceof RunStopped) {
        return true;
      }
    }
    return false;
  }

  /** Whether every thread has returned (they may still be terminating; see awaitFinished). */
  public boolean isFinished() {
    return finished.getCount() == 0;
  }

  /** Waits until every thread of the run has returned and terminated. */
  public void awaitFinished() throws InterruptedException {
    finished.await();
    for (Thread thread : all) {
      if (thread.getState() != Thread.State.NEW) {
        thread.join();
      }
    }
  }

  public boolean awaitFinished(long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    if (!finished.await(nanos, TimeUnit.NANOSECONDS)) {
      return false;
    }
    for (Thread thread : all) {
      long remaining = deadline - System.nanoTime();
      if (thread.getState() != Thread.State.NEW
          && !thread.join(java.time.Duration.ofNanos(Math.max(1, remaining)))) {
        return false;
      }
    }
    return true;
  }

  /** Waits for the end without giving up on interrupts; the interrupt flag is kept. */
  public void awaitFinishedUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        awaitFinished();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** After the end: throws the run's failure or cancellation, if any. */
  public void rethrow() {
    Throwable error = failure.get();
    if (cancelled) {
      CancellationException cancellation = new CancellationException("the run was cancelled");
      if (error != null) {
        cancellation.addSuppressed(error);
      }
      throw cancellation;
    }
    if (error != null) {
      if (error instanceof PipelineException pipelineException) {
        throw pipelineException;
      }
      throw new PipelineException("pipeline failed: " + error, error, "?", -1);
    }
  }

  /** A body of work that may throw anything. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }
}
