package dev.sluice.internal;

import dev.sluice.CheckedConsumer;
import dev.sluice.internal.jfr.SluiceEvents;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Pipeline.broadcast}: a terminal that gives every item to every sink. Each sink has a
 * bounded ring of its own, drained by a thread of its own, so sinks run concurrently and a slow
 * sink only delays the others once its ring is full: the run goes at the pace of the slowest
 * sink, holding at most {@code ringCapacity} items per sink.
 */
public final class Broadcast {
  private Broadcast() {}

  @SuppressWarnings("unchecked")
  public static <T> Terminal<Long> terminal(
      RunContext run, StageStats stats, List<CheckedConsumer<? super T>> sinks, int ringCapacity) {
    stats.limits(sinks.size(), (long) ringCapacity * sinks.size());
    List<SpscRing<T>> rings = new ArrayList<>(sinks.size());
    for (int i = 0; i < sinks.size(); i++) {
      SpscRing<T> ring = new SpscRing<>(run, ringCapacity, null);
      rings.add(ring);
      CheckedConsumer<? super T> sink = sinks.get(i);
      run.spawn(stats.name() + "-sink-" + i, () -> drain(run, stats, ring, sink));
    }
    return new Terminal<>() {
      private long count;

      @Override
      public boolean push(Object item) {
        count++;
        stats.addIn(1);
        for (SpscRing<T> ring : rings) {
          ring.push((T) item);
        }
        return true;
      }

      @Override
      public void complete() {
        for (SpscRing<T> ring : rings) {
          ring.complete();
        }
      }

      @Override
      public Long result() {
        return count;
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <T> void drain(
      RunContext run, StageStats stats, SpscRing<T> ring, CheckedConsumer<? super T> sink) {
    long position = 0;
    while (true) {
      Object item = ring.take();
      if (item == SpscRing.END) {
        return;
      }
      long started = System.nanoTime();
      stats.callsStarted(1);
      try {
        sink.accept((T) item);
      } catch (Throwable e) {
        if (!run.isStopped()) {
          stats.failed();
        }
        throw Failures.onItem(stats, position, item, e);
      } finally {
        stats.callsEnded(1);
        long took = System.nanoTime() - started;
        stats.callsTook(1, took);
        SluiceEvents.call(stats, took);
      }
      position++;
    }
  }
}
