package dev.sluice.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses a member for each batch and keeps track of the batches in flight on each, so that a
 * member that leaves hands its batches back at once rather than when their calls time out.
 * Batches go to the member with the fewest in flight, which balances members of unequal speed;
 * a member whose batch was just lost is avoided for a while, because the cluster may still list
 * it for a few seconds after it died.
 */
final class Dispatcher {
  private static final long SUSPECT_NANOS = TimeUnit.SECONDS.toNanos(10);

  final Transport transport;
  final ScheduledExecutorService timers;
  final ClusterOptions options;
  private final Map<String, Set<BatchCall.Attempt>> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Long> suspects = new ConcurrentHashMap<>();
  private final AtomicInteger turn = new AtomicInteger();
  /** Delayed tasks that must run even when the cluster closes, so no item is left pending. */
  private final Set<Runnable> mustRun = ConcurrentHashMap.newKeySet();

  Dispatcher(Transport transport, ScheduledExecutorService timers, ClusterOptions options) {
    this.transport = transport;
    this.timers = timers;
    this.options = options;
    transport.onTargetLost(this::targetLeft);
  }

  /**
   * The target for a batch: the least loaded one that is neither suspect nor in {@code avoid},
   * else the least loaded not in {@code avoid}, else any; null when there is none.
   */
  Transport.Target pick(Set<String> avoid) {
    List<Transport.Target> targets = transport.targets();
    if (targets.isEmpty()) {
      return null;
    }
    long now = System.nanoTime();
    Transport.Target best = leastLoaded(targets, avoid, now, true);
    if (best == null) {
      best = leastLoaded(targets, avoid, now, false);
    }
    return best != null ? best : leastLoaded(targets, Set.of(), now, false);
  }

  private Transport.Target leastLoaded(
      List<Transport.Target> targets, Set<String> avoid, long now, boolean skipSuspects) {
    int n = targets.size();
    int start = Math.floorMod(turn.getAndIncrement(), n); // rotates ties between members
    Transport.Target best = null;
    int bestLoad = Integer.MAX_VALUE;
    for (int k = 0; k < n; k++) {
      Transport.Target t = targets.get((start + k) % n);
      if (avoid.contains(t.id()) || (skipSuspects && isSuspect(t.id(), now))) {
        continue;
      }
      Set<BatchCall.Attempt> running = inFlight.get(t.id());
      int load = running == null ? 0 : running.size();
      if (load < bestLoad) {
        best = t;
        bestLoad = load;
      }
    }
    return best;
  }

  private boolean isSuspect(String id, long now) {
    Long until = suspects.get(id);
    if (until == null) {
      return false;
    }
    if (now - until > 0) {
      suspects.remove(id, until);
      return false;
    }
    return true;
  }

  /**
   * Runs a task after a delay on the timer thread, or at once when the cluster closes before
   * then: flushing a partial batch, or looking again for a member. Run at close, such a task
   * finds no member and fails its items with a {@link ClusterUnavailableException}.
   */
  void later(Runnable task, long delayNanos) {
    Runnable once =
        new Runnable() {
          @Override
          public void run() {
            if (mustRun.remove(this)) {
              task.run();
            }
          }
        };
    mustRun.add(once);
    try {
      timers.schedule(once, delayNanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      once.run();
    }
  }

  /** Called once the transport is closed: runs what was still waiting. */
  void runPendingAfterClose() {
    for (Runnable task : List.copyOf(mustRun)) {
      task.run();
    }
  }

  int targetCount() {
    return Math.max(1, transport.targets().size());
  }

  void started(BatchCall.Attempt attempt) {
    inFlight.computeIfAbsent(attempt.target.id(), id -> ConcurrentHashMap.newKeySet()).add(attempt);
  }

  void ended(BatchCall.Attempt attempt) {
    Set<BatchCall.Attempt> running = inFlight.get(attempt.target.id());
    if (running != null) {
      running.remove(attempt);
    }
  }

  void suspect(String id) {
    suspects.put(id, System.nanoTime() + SUSPECT_NANOS);
  }

  /** A member left: its batches go elsewhere now. */
  private void targetLeft(String id) {
    suspect(id);
    Set<BatchCall.Attempt> running = inFlight.remove(id);
    if (running != null) {
      for (BatchCall.Attempt attempt : running) {
        attempt.lost(new MemberLost("member " + attempt.target.address() + " left the cluster"));
      }
    }
  }

  /** Why a batch was taken from a member; the cause of a failure when failover gives up. */
  static final class MemberLost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MemberLost(String message) {
      super(message, null, false, false);
    }
  }
}
