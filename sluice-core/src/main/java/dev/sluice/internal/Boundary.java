package dev.sluice.internal;

/**
 * A stage that hands items from one thread to others: its inlet is pushed by the segment
 * before it, its outlet drives the segment after it, and it may run workers of its own.
 */
public interface Boundary {
  Downstream<?> inlet();

  Upstream<?> outlet();

  /** Starts the stage's own threads, if it has any. */
  default void start() {}

  /** A boundary made from a ring: {@code buffer(n)}. */
  static Boundary of(SpscRing<?> ring) {
    return new Boundary() {
      @Override
      public Downstream<?> inlet() {
        return ring;
      }

      @Override
      public Upstream<?> outlet() {
        return ring;
      }
    };
  }

  /** A boundary made from a concurrent map stage. */
  static Boundary of(MapStage<?, ?> stage) {
    return new Boundary() {
      @Override
      public Downstream<?> inlet() {
        return stage.inlet();
      }

      @Override
      public Upstream<?> outlet() {
        return stage.outlet();
      }

      @Override
      public void start() {
        stage.start();
      }
    };
  }
}
