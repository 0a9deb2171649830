package dev.sluice.examples;

import dev.sluice.Layer;
import dev.sluice.Layers;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Seed 004: a generator, a worker layer scaled to 8, and a collector, in one expression. */
public final class MiddleClass {
  private MiddleClass() {}

  public static long run() {
    AtomicInteger next = new AtomicInteger();
    AtomicLong total = new AtomicLong();
    long collected =
        Layers.pipeline(
            Layer.source(() -> next.get() < 40 ? next.incrementAndGet() : null),
            Layer.of(
                (Integer data) -> {
                  Thread.sleep(20); // the interesting work of the middle class
                  return data * 10;
                },
                8),
            Layer.collect((Integer result) -> total.addAndGet(result)));
    System.out.println("collected " + collected + " results, total " + total.get());
    return total.get();
  }

  public static void main(String[] args) {
    run();
  }
}
