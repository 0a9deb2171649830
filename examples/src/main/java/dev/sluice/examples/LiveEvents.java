package dev.sluice.examples;

import dev.sluice.Feed;
import dev.sluice.Pipeline;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 002: a live event source publishes an event every {@code interval}; handling one takes
 * five intervals, so one handler falls behind at once. Five handlers keep up: the pool stays
 * about five events behind and never falls further.
 */
public final class LiveEvents {
  private LiveEvents() {}

  /** Returns the largest lag observed: events published but not yet handled. */
  public static int run(int events, long intervalMillis, int handlers, boolean print) throws Exception {
    AtomicInteger published = new AtomicInteger();
    AtomicInteger handled = new AtomicInteger();
    AtomicInteger worstLag = new AtomicInteger();
    Feed<Integer> feed = new Feed<>(1);
    Thread source =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (feed) {
                    for (int i = 1; i <= events; i++) {
                      Thread.sleep(intervalMillis);
                      feed.put(i);
                      published.incrementAndGet();
                      if (print) {
                        System.out.println("submitted event " + i);
                      }
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    long count =
        Pipeline.from(feed)
            .mapUnordered(
                handlers,
                event -> {
                  Thread.sleep(5 * intervalMillis); // the CPU-heavy handling of seed 002
                  return event * event;
                })
            .drain(
                square -> {
                  int lag = published.get() - handled.incrementAndGet();
                  worstLag.accumulateAndGet(lag, Math::max);
                  if (print) {
                    System.out.println("finished an event, result " + square + ", lag " + lag);
                  }
                });
    source.join();
    if (print) {
      System.out.println(count + " events handled; the pool stayed at most " + worstLag.get() + " behind");
    }
    return worstLag.get();
  }

  public static void main(String[] args) throws Exception {
    run(10, 100, 5, true);
  }
}
