package dev.sluice.internal;

import java.util.function.LongSupplier;

/**
 * A source factory that knows how many items a run will read, for progress reports. The size is
 * read when a run starts, since a collection may change between runs.
 */
public record SizedSource<T>(Source.Factory<T> factory, LongSupplier size)
    implements Source.Factory<T> {

  @Override
  public Source<T> open(RunContext run, StageStats stats) throws Exception {
    return factory.open(run, stats);
  }

  /** The size of a stage's source, or -1 when it does not know it. */
  public static long sizeOf(Stage stage) {
    if (stage instanceof Stage.SourceStage source && source.factory() instanceof SizedSource<?> sized) {
      return sized.size().getAsLong();
    }
    return -1;
  }
}
