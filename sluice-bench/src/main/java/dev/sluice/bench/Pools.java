package dev.sluice.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a contender owns: one virtual-thread-per-task executor for blocking calls, and
 * fixed pools of daemon platform threads for CPU work, one per size, made on first use and kept
 * for the whole run so that no measurement pays for starting threads.
 */
final class Pools implements AutoCloseable {
  private final String prefix;
  private final Map<Integer, ExecutorService> fixed = new ConcurrentHashMap<>();
  private ExecutorService virtualThreads;

  Pools(String prefix) {
    this.prefix = prefix;
  }

  /** An executor that starts a new virtual thread for every task. */
  synchronized ExecutorService virtualThreads() {
    if (virtualThreads == null) {
      virtualThreads =
          Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(prefix + "-vt-", 0).factory());
    }
    return virtualThreads;
  }

  /** A pool of exactly {@code threads} daemon platform threads. */
  ExecutorService fixed(int threads) {
    return fixed.computeIfAbsent(
        threads,
        n -> {
          AtomicInteger count = new AtomicInteger();
          return Executors.newFixedThreadPool(
              n,
              task -> {
                Thread thread = new Thread(task, prefix + "-" + n + "-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
        });
  }

  @Override
  public synchronized void close() {
    fixed.values().forEach(ExecutorService::shutdownNow);
    fixed.clear();
    if (virtualThreads != null) {
      virtualThreads.shutdownNow();
      virtualThreads = null;
    }
  }
}
