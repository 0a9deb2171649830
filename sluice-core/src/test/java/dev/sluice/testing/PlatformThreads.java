package dev.sluice.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Platform-thread accounting through {@link ThreadMXBean}. The JDK's own pools (the virtual
 * thread scheduler's carriers, the common pool, timers) grow and shrink on their own, so a leak
 * is a live platform thread that was not there before and is not one of those.
 */
public final class PlatformThreads {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private final Set<Long> before;
  private final int countBefore;

  private PlatformThreads(Set<Long> before, int countBefore) {
    this.before = before;
    this.countBefore = countBefore;
  }

  /** Records the live platform threads now. */
  public static PlatformThreads snapshot() {
    return new PlatformThreads(ids(), MX.getThreadCount());
  }

  /** The live platform thread count. */
  public static int count() {
    return MX.getThreadCount();
  }

  public int countBefore() {
    return countBefore;
  }

  private static Set<Long> ids() {
    Set<Long> ids = new HashSet<>();
    for (long id : MX.getAllThreadIds()) {
      ids.add(id);
    }
    return ids;
  }

  /** Names of live platform threads started since the snapshot, the JDK's pools excepted. */
  public List<String> newThreads() {
    long[] now = MX.getAllThreadIds();
    ThreadInfo[] infos = MX.getThreadInfo(now);
    return Arrays.stream(infos)
        .filter(Objects::nonNull)
        .filter(info -> !before.contains(info.getThreadId()))
        .map(ThreadInfo::getThreadName)
        .filter(name -> !isJdkPool(name))
        .toList();
  }

  /**
   * Waits until the platform thread count is back to the snapshot's, or every thread above it
   * is one of the JDK's pools; returns the leaked threads' names (empty when none).
   */
  public List<String> awaitNoLeak(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (MX.getThreadCount() <= countBefore) {
        return List.of();
      }
      List<String> leaked = newThreads();
      if (leaked.isEmpty() || System.nanoTime() - deadline > 0) {
        return leaked;
      }
      Await.pause(Duration.ofMillis(5));
    }
  }

  private static boolean isJdkPool(String name) {
    return name.startsWith("ForkJoinPool")
        || name.startsWith("CompletableFutureDelayScheduler")
        || name.startsWith("VirtualThread-")
        || name.startsWith("Common-Cleaner")
        || name.startsWith("Attach Listener")
        || name.startsWith("process reaper")
        || name.startsWith("surefire")
        || name.startsWith("JFR")
        || name.startsWith("junit-")
        || name.startsWith("jqwik");
  }
}
