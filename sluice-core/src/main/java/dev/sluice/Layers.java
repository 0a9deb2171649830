package dev.sluice;

/**
 * Seed 004's declarative layers: a source, scaled worker layers and a collector, joined by
 * bounded hand-offs so that a full layer blocks the one feeding it (back-pressure).
 *
 * {@snippet :
 * long collected = Layers.pipeline(
 *     Layer.source(this::generate),   // one thread
 *     Layer.of(this::work, 8),        // eight calls at once
 *     Layer.collect(this::store));    // one call at a time
 * }
 *
 * <p>Only the worker layers run concurrently; results reach the collector as they finish. A
 * worker layer can run on a cluster: {@code Layer.ofAsync(cluster.function("work"), 64)} with
 * sluice-cluster's {@code SluiceCluster}, or its {@code layer("work", 64)}.
 * Each worker layer holds at most {@code max(4 * scale, 256)} items. Errors and cancellation
 * are those of {@link Pipeline}: the first failure stops every layer and is thrown as a
 * {@link PipelineException}.
 */
public final class Layers {
  private Layers() {}

  /**
   * Runs source → work → collector and returns how many items were collected.
   *
   * @param source the source layer
   * @param work the worker layer
   * @param collector the collector layer
   * @param <A> the source's item type
   * @param <B> the work's result type
   * @return the number of items collected
   * @throws PipelineException if any layer fails
   */
  public static <A, B> long pipeline(
      Layer<Void, A> source, Layer<? super A, B> work, Layer<? super B, Void> collector) {
    return start(source, work, collector).await();
  }

  /**
   * Runs source → work → more work → collector and returns how many items were collected.
   *
   * @param source the source layer
   * @param first the first worker layer
   * @param second the second worker layer
   * @param collector the collector layer
   * @param <A> the source's item type
   * @param <B> the first work's result type
   * @param <C> the second work's result type
   * @return the number of items collected
   * @throws PipelineException if any layer fails
   */
  public static <A, B, C> long pipeline(
      Layer<Void, A> source,
      Layer<? super A, B> first,
      Layer<? super B, C> second,
      Layer<? super C, Void> collector) {
    Pipeline<C> work = through(through(sourceOf(source), first), second);
    return work.start(collectorOf(collector)).await();
  }

  /**
   * Starts source → work → collector in the background.
   *
   * @param source the source layer
   * @param work the worker layer
   * @param collector the collector layer
   * @param <A> the source's item type
   * @param <B> the work's result type
   * @return the run; {@link Run#await()} returns how many items were collected
   */
  public static <A, B> Run<Long> start(
      Layer<Void, A> source, Layer<? super A, B> work, Layer<? super B, Void> collector) {
    return through(sourceOf(source), work).start(collectorOf(collector));
  }

  private static <A> Pipeline<A> sourceOf(Layer<Void, A> layer) {
    if (layer instanceof Layer.Source<A> source) {
      return source.pipeline();
    }
    throw new IllegalArgumentException("the first layer must be a Layer.source, was " + layer);
  }

  @SuppressWarnings("unchecked")
  private static <A, B> Pipeline<B> through(Pipeline<A> pipeline, Layer<? super A, B> layer) {
    if (layer instanceof Layer.Work<?, ?> work) {
      Layer.Work<? super A, B> typed = (Layer.Work<? super A, B>) work;
      return pipeline.mapUnordered(typed.scale(), typed.function());
    }
    if (layer instanceof Layer.AsyncWork<?, ?> work) {
      Layer.AsyncWork<? super A, B> typed = (Layer.AsyncWork<? super A, B>) work;
      return pipeline.mapAsyncUnordered(typed.scale(), typed.function());
    }
    throw new IllegalArgumentException(
        "a middle layer must be a Layer.of(...) or Layer.ofAsync(...), was " + layer);
  }

  @SuppressWarnings("unchecked")
  private static <B> CheckedConsumer<B> collectorOf(Layer<? super B, Void> layer) {
    if (layer instanceof Layer.Collect<?> collect) {
      return (CheckedConsumer<B>) collect.collector();
    }
    throw new IllegalArgumentException("the last layer must be a Layer.collect, was " + layer);
  }
}
