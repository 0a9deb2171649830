package dev.sluice.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool that CPU stages share across runs: one daemon platform thread per core. Its queue
 * is unbounded, yet it never holds more than one chunk per worker of the stages using it, since
 * a worker waits for its chunk before it claims another.
 */
public final class CpuPool {
  private static final int SIZE = Runtime.getRuntime().availableProcessors();
  private static final ExecutorService SHARED = create();

  private CpuPool() {}

  public static ExecutorService shared() {
    return SHARED;
  }

  public static int size() {
    return SIZE;
  }

  private static ExecutorService create() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            SIZE,
            SIZE,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "sluice-cpu-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
