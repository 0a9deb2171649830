package dev.sluice.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses a member for each batch and keeps track of what is in flight on each.
 *
 * <ul>
 *   <li>Batches go to the member with the least work per unit of its parallelism, which
 *       balances members of unequal size or speed.
 *   <li>A member "has room" while it has fewer items in flight than twice its parallelism: one
 *       round running, one waiting. A partial batch waits in the driver, and keeps filling, while
 *       no member has room: items waiting there cost nothing, since they would wait in a
 *       member's queue otherwise, and fuller batches cost the driver less per item.
 *   <li>A member that leaves hands its batches back at once rather than when their calls time
 *       out. A member whose batch was just lost is avoided for a while, because the cluster may
 *       still list it for a few seconds after it died.
 * </ul>
 */
final class Dispatcher {
  private static final long SUSPECT_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** How long the list of members is reused before asking Hazelcast again. */
  private static final long TARGETS_TTL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  final Transport transport;
  final ScheduledExecutorService timers;
  final ClusterOptions options;
  private final Map<String, Load> loads = new ConcurrentHashMap<>();
  private final Map<String, Long> suspects = new ConcurrentHashMap<>();
  private final AtomicInteger turn = new AtomicInteger();
  /** Delayed tasks that must run even when the cluster closes, so no item is left pending. */
  private final Set<Runnable> mustRun = ConcurrentHashMap.newKeySet();
  /** Functions holding a partial batch until some member has room. */
  private final Set<RemoteFunction<?, ?>> waitingForRoom = ConcurrentHashMap.newKeySet();
  private volatile List<Transport.Target> targets = List.of();
  private volatile long targetsAt;

  Dispatcher(Transport transport, ScheduledExecutorService timers, ClusterOptions options) {
    this.transport = transport;
    this.timers = timers;
    this.options = options;
    this.targetsAt = System.nanoTime() - 2 * TARGETS_TTL_NANOS;
    transport.onTargetLost(this::targetLeft);
  }

  /** What is in flight on one member, and how much it can run at once. */
  private static final class Load {
    final Set<BatchCall.Attempt> attempts = ConcurrentHashMap.newKeySet();
    final AtomicInteger items = new AtomicInteger();
    volatile int parallelism;

    Load(int parallelism) {
      this.parallelism = parallelism;
    }

    boolean hasRoom() {
      return items.get() < 2 * parallelism;
    }

    double weight() {
      return (double) items.get() / parallelism;
    }
  }

  private List<Transport.Target> targets() {
    long now = System.nanoTime();
    if (now - targetsAt > TARGETS_TTL_NANOS) {
      List<Transport.Target> fresh = transport.targets();
      for (Transport.Target target : fresh) {
        if (!loads.containsKey(target.id())) {
          learn(target);
        }
      }
      targets = fresh;
      targetsAt = now;
    }
    return targets;
  }

  /** A new member: assume the default parallelism until it says what it has. */
  private void learn(Transport.Target target) {
    Load load = new Load(options.parallelism());
    if (loads.putIfAbsent(target.id(), load) == null) {
      transport.infoAsync(target).thenAccept(info -> load.parallelism = Math.max(1, info.parallelism()));
    }
  }

  private Load load(Transport.Target target) {
    return loads.computeIfAbsent(target.id(), id -> new Load(options.parallelism()));
  }

  /**
   * The target for a batch: the least loaded one that is neither suspect nor in {@code avoid},
   * else the least loaded not in {@code avoid}, else any; null when there is none.
   */
  Transport.Target pick(Set<String> avoid) {
    List<Transport.Target> all = targets();
    if (all.isEmpty()) {
      return null;
    }
    long now = System.nanoTime();
    Transport.Target best = leastLoaded(all, avoid, now, true);
    if (best == null) {
      best = leastLoaded(all, avoid, now, false);
    }
    return best != null ? best : leastLoaded(all, Set.of(), now, false);
  }

  private Transport.Target leastLoaded(
      List<Transport.Target> all, Set<String> avoid, long now, boolean skipSuspects) {
    int n = all.size();
    int start = Math.floorMod(turn.getAndIncrement(), n); // rotates ties between members
    Transport.Target best = null;
    double bestWeight = Double.MAX_VALUE;
    for (int k = 0; k < n; k++) {
      Transport.Target t = all.get((start + k) % n);
      if (avoid.contains(t.id()) || (skipSuspects && isSuspect(t.id(), now))) {
        continue;
      }
      double weight = load(t).weight();
      if (weight < bestWeight) {
        best = t;
        bestWeight = weight;
      }
    }
    return best;
  }

  /** Whether some member could start another batch soon (or there is none to wait for). */
  boolean hasRoom() {
    List<Transport.Target> all = targets();
    if (all.isEmpty()) {
      return true; // sending finds no member and waits for one, or fails clearly
    }
    long now = System.nanoTime();
    boolean anyHealthy = false;
    for (Transport.Target t : all) {
      if (!isSuspect(t.id(), now)) {
        anyHealthy = true;
        if (load(t).hasRoom()) {
          return true;
        }
      }
    }
    // Only suspects left: nothing in flight may end to announce room, so do not hold batches
    // back; sending picks a member or waits for one within the failover wait.
    return !anyHealthy;
  }

  /**
   * Asks to be told when a member has room. The caller checks {@link #hasRoom()} again after
   * this, since room may have come between its check and this call.
   */
  void waitForRoom(RemoteFunction<?, ?> function) {
    waitingForRoom.add(function);
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

  int targetCount() {
    return Math.max(1, targets().size());
  }

  void started(BatchCall.Attempt attempt) {
    Load load = load(attempt.target);
    load.attempts.add(attempt);
    load.items.addAndGet(attempt.indices.length);
  }

  void ended(BatchCall.Attempt attempt) {
    Load load = loads.get(attempt.target.id());
    if (load != null && load.attempts.remove(attempt)) {
      load.items.addAndGet(-attempt.indices.length);
    }
    if (!waitingForRoom.isEmpty()) {
      for (RemoteFunction<?, ?> function : waitingForRoom) {
        if (waitingForRoom.remove(function)) {
          function.roomFreed();
        }
      }
    }
  }

  void suspect(String id) {
    suspects.put(id, System.nanoTime() + SUSPECT_NANOS);
    targetsAt = System.nanoTime() - 2 * TARGETS_TTL_NANOS; // look at the member list again
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
    targetsAt = System.nanoTime() - 2 * TARGETS_TTL_NANOS;
    for (Runnable task : List.copyOf(mustRun)) {
      task.run();
    }
    for (RemoteFunction<?, ?> function : List.copyOf(waitingForRoom)) {
      waitingForRoom.remove(function);
      function.roomFreed();
    }
  }

  /** A member left: its batches go elsewhere now. */
  private void targetLeft(String id) {
    suspect(id);
    Load load = loads.remove(id);
    if (load != null) {
      for (BatchCall.Attempt attempt : load.attempts) {
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
