package dev.sluice;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One layer of a {@link Layers#pipeline layered pipeline}, seed 004's {@code Layer}: a source
 * that generates items, a worker layer scaled to run several calls at once, or a collector.
 * Immutable.
 *
 * @param <I> what the layer takes ({@link Void} for a source)
 * @param <O> what it gives ({@link Void} for a collector)
 */
public sealed interface Layer<I, O> {

  /**
   * A source layer over a generator, called from one thread; it returns null to end.
   *
   * @param generator produces the items
   * @param <T> the item type
   * @return the layer
   */
  static <T> Layer<Void, T> source(Generator<? extends T> generator) {
    return new Source<>(Pipeline.generate(generator));
  }

  /**
   * A source layer over an iterable.
   *
   * @param items the items
   * @param <T> the item type
   * @return the layer
   */
  static <T> Layer<Void, T> source(Iterable<? extends T> items) {
    return new Source<>(Pipeline.from(items));
  }

  /**
   * A worker layer: calls {@code function} on up to {@code scale} items at once, on virtual
   * threads, passing results on as they finish.
   *
   * @param function the work
   * @param scale how many calls at once; at least 1
   * @param <I> the input type
   * @param <O> the output type
   * @return the layer
   * @throws IllegalArgumentException if {@code scale < 1}
   */
  static <I, O> Layer<I, O> of(CheckedFunction<? super I, ? extends O> function, int scale) {
    Objects.requireNonNull(function, "function");
    Pipeline.requireAtLeast("scale", scale, 1);
    return new Work<>(function, scale);
  }

  /**
   * A worker layer over a function that returns a {@link CompletionStage}, such as a remote
   * function of a cluster: up to {@code scale} items are outstanding at once, and results are
   * passed on as they complete. No thread waits for a pending result.
   *
   * @param function starts the work for one item
   * @param scale how many items outstanding at once; at least 1
   * @param <I> the input type
   * @param <O> the output type
   * @return the layer
   * @throws IllegalArgumentException if {@code scale < 1}
   */
  static <I, O> Layer<I, O> ofAsync(
      Function<? super I, ? extends CompletionStage<? extends O>> function, int scale) {
    Objects.requireNonNull(function, "function");
    Pipeline.requireAtLeast("scale", scale, 1);
    return new AsyncWork<>(function, scale);
  }

  /**
   * A collector layer, called with one item at a time.
   *
   * @param collector consumes the results
   * @param <I> the input type
   * @return the layer
   */
  static <I> Layer<I, Void> collect(CheckedConsumer<? super I> collector) {
    Objects.requireNonNull(collector, "collector");
    return new Collect<>(collector);
  }

  /** A source layer. */
  record Source<T>(Pipeline<T> pipeline) implements Layer<Void, T> {}

  /** A scaled worker layer. */
  record Work<I, O>(CheckedFunction<? super I, ? extends O> function, int scale)
      implements Layer<I, O> {}

  /** A scaled worker layer of asynchronous calls. */
  record AsyncWork<I, O>(
      Function<? super I, ? extends CompletionStage<? extends O>> function, int scale)
      implements Layer<I, O> {}

  /** A collector layer. */
  record Collect<I>(CheckedConsumer<? super I> collector) implements Layer<I, Void> {}
}
