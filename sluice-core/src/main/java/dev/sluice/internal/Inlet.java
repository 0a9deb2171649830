package dev.sluice.internal;

import java.util.function.Predicate;

/** The input side of a stage that admits items one at a time and is told when they end. */
final class Inlet {
  private Inlet() {}

  /**
   * A downstream that hands each item to {@code admit} (false once no more are wanted) and
   * runs {@code end} when the upstream completes.
   */
  static <T> Downstream<T> of(Predicate<T> admit, Runnable end) {
    return new Downstream<>() {
      @Override
      public boolean push(T item) {
        return admit.test(item);
      }

      @Override
      public void complete() {
        end.run();
      }
    };
  }
}
