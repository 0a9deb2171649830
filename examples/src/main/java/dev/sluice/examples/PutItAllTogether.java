package dev.sluice.examples;

import dev.sluice.Pipeline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seed 000's "put it all together": batch, an ordered concurrent map, unbatch, a buffer, an
 * unordered concurrent map and a drain. 17 elements, whose sum is 64.
 */
public final class PutItAllTogether {
  private PutItAllTogether() {}

  /** The ranges [0, max - min) of a batch, as seed 000's {@code diff_shoot}. */
  static List<Integer> diffShoot(List<Integer> batch) {
    List<Integer> range = new ArrayList<>();
    for (int i = 0; i < Collections.max(batch) - Collections.min(batch); i++) {
      range.add(i);
    }
    return range;
  }

  /** Runs the example; returns {count, sum}. */
  public static long[] run() {
    // example: put-it-all-together
    List<Integer> x = List.of(1, 5, 6, 3, 7, 9, 2, 4, 4, 5, 1);
    AtomicLong sum = new AtomicLong();
    long n =
        Pipeline.from(x)
            .batch(3)
            .mapConcurrent(3, PutItAllTogether::diffShoot)
            .<Integer>unbatch()
            .buffer(10)
            .mapUnordered(2, v -> v * 2)
            .drain(sum::addAndGet);
    System.out.println("processed " + n + " elements");
    System.out.println("sum is " + sum.get());
    // end example
    return new long[] {n, sum.get()};
  }

  public static void main(String[] args) {
    run();
  }
}
