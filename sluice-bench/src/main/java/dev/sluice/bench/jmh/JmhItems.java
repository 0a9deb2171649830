package dev.sluice.bench.jmh;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The input every operator benchmark reads: the same list of already-boxed longs, so that making
 * items costs nothing in any benchmark and every variant reads the same memory.
 */
final class JmhItems {
  /** Items per benchmark invocation; the scores are per item through {@code @OperationsPerInvocation}. */
  static final int COUNT = 100_000;

  private JmhItems() {}

  static List<Long> list() {
    List<Long> items = new ArrayList<>(COUNT);
    for (long i = 0; i < COUNT; i++) {
      items.add(i);
    }
    return Collections.unmodifiableList(items);
  }
}
