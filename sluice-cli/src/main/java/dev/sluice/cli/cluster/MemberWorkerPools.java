package dev.sluice.cli.cluster;

import dev.sluice.cli.ui.Console;
import dev.sluice.cli.worker.ProcessCall;
import dev.sluice.cli.worker.WorkerPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A member's worker processes for process-pool mode: one lazy {@link WorkerPool} per command
 * (and size, timeout, grace) that drivers ask for, started as rows come and closed gracefully
 * after a minute without rows, so a worker member serves one job after another. Worker stderr
 * goes to the member's stderr. Thread-safe.
 */
final class MemberWorkerPools {
  static final Duration IDLE_LIMIT = Duration.ofSeconds(60);

  private final Console console = new Console(System.err);
  private final Map<ProcessCall.Pool, Entry> pools = new HashMap<>();
  private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().daemon().name("sluice-pool-reaper").unstarted(r));

  /** A pool, with the rows in it now and when the last one left; guarded by {@code pools}. */
  private static final class Entry {
    final WorkerPool pool;
    int rows;
    long lastUsed = System.nanoTime();

    Entry(WorkerPool pool) {
      this.pool = pool;
    }
  }

  MemberWorkerPools() {
    reaper.scheduleWithFixedDelay(this::closeIdle, 10, 10, TimeUnit.SECONDS);
  }

  /** Runs one row through the pool it asks for; see {@link WorkerPool#answer}. */
  String answer(ProcessCall call) throws Exception {
    Entry entry;
    synchronized (pools) {
      entry = pools.computeIfAbsent(call.pool(), this::open);
      entry.rows++;
    }
    try {
      return entry.pool.answer(call.row());
    } finally {
      synchronized (pools) {
        entry.rows--;
        entry.lastUsed = System.nanoTime();
      }
    }
  }

  private Entry open(ProcessCall.Pool pool) {
    return new Entry(WorkerPool.lazy(pool.command(), pool.size(), pool.timeout(), pool.grace(),
        console, message -> console.line("sluice worker: " + message)));
  }

  private void closeIdle() {
    List<WorkerPool> idle = new ArrayList<>();
    long now = System.nanoTime();
    synchronized (pools) {
      pools.values().removeIf(e -> {
        boolean unused = e.rows == 0 && now - e.lastUsed > IDLE_LIMIT.toNanos();
        if (unused) {
          idle.add(e.pool);
        }
        return unused;
      });
    }
    idle.forEach(WorkerPool::close);
  }
}
