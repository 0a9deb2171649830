package dev.sluice.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the heap of this JVM while a run goes on, with the JVM's own accounting (no guesses):
 *
 * <ul>
 *   <li><b>peak used</b>: the sum of the heap pools' peak usage ({@link MemoryPoolMXBean#getPeakUsage},
 *       reset when the watch starts), garbage included. Pools peak at different moments, so this
 *       is an upper bound of the heap's peak.
 *   <li><b>peak after GC</b>: the most heap in use right after any collection, from the
 *       collectors' notifications: what the run kept reachable, plus old garbage a young
 *       collection leaves for later.
 * </ul>
 */
public final class HeapWatch implements AutoCloseable {
  private final List<MemoryPoolMXBean> pools = new ArrayList<>();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final AtomicInteger collections = new AtomicInteger();
  private final NotificationListener listener = this::onNotification;

  private HeapWatch() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        pools.add(pool);
      }
    }
  }

  /** Resets the pools' peaks and starts listening to collections. */
  public static HeapWatch start() {
    HeapWatch watch = new HeapWatch();
    watch.pools.forEach(MemoryPoolMXBean::resetPeakUsage);
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(watch.listener, null, null);
        watch.emitters.add(emitter);
      }
    }
    return watch;
  }

  private void onNotification(Notification notification, Object handback) {
    if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long used = 0;
    for (MemoryPoolMXBean pool : pools) {
      MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
      if (after != null) {
        used += after.getUsed();
      }
    }
    collections.incrementAndGet();
    peakAfterGc.accumulateAndGet(used, Math::max);
  }

  /** The sum of the heap pools' peak usage since the watch started, in bytes. */
  public long peakUsed() {
    long sum = 0;
    for (MemoryPoolMXBean pool : pools) {
      sum += pool.getPeakUsage().getUsed();
    }
    return sum;
  }

  /** The most heap in use right after a collection since the watch started, in bytes. */
  public long peakAfterGc() {
    return peakAfterGc.get();
  }

  /** How many collections have ended since the watch started. */
  public int collections() {
    return collections.get();
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // already gone
      }
    }
  }
}
