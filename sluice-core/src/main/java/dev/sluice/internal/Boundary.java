package dev.sluice.internal;

/**
 * A stage that hands items from one thread to others: its inlet is pushed by the segment
 * before it, its outlet drives the segment after it, and it may run workers of its own.
 *
 * <p>When the stage after it wants no more items (a {@code limit} was reached, an iterator was
 * closed), the boundary is declined: its workers are interrupted, and the action registered
 * with {@link #onDecline} cancels the segment feeding it, and so on up to the source.
 */
public interface Boundary {
  Downstream<?> inlet();

  Upstream<?> outlet();

  /** Starts the stage's own threads, if it has any. */
  default void start() {}

  /** Declines all further output: stops the stage's work and runs the decline action. */
  void decline();

  /** Registers what to do once the boundary is declined (called at most once). */
  void onDecline(Runnable action);

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

      @Override
      public void decline() {
        ring.decline();
      }

      @Override
      public void onDecline(Runnable action) {
        ring.onDecline(action);
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

      @Override
      public void decline() {
        stage.decline();
      }

      @Override
      public void onDecline(Runnable action) {
        stage.onDecline(action);
      }
    };
  }
}
