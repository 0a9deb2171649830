package dev.sluice;

import dev.sluice.internal.Assembler;
import dev.sluice.internal.Boundary;
import dev.sluice.internal.Broadcast;
import dev.sluice.internal.CpuPool;
import dev.sluice.internal.Downstream;
import dev.sluice.internal.FlowOps;
import dev.sluice.internal.FusedOps;
import dev.sluice.internal.CallPolicy;
import dev.sluice.internal.MapSpec;
import dev.sluice.internal.KeyedStage;
import dev.sluice.internal.MapStage;
import dev.sluice.internal.MergeSource;
import dev.sluice.internal.ProgressTicker;
import dev.sluice.internal.PublisherSource;
import dev.sluice.internal.PullIterator;
import dev.sluice.internal.RunContext;
import dev.sluice.internal.RunHandle;
import dev.sluice.internal.RunPublisher;
import dev.sluice.internal.SizedSource;
import dev.sluice.internal.Source;
import dev.sluice.internal.Sources;
import dev.sluice.internal.SpscRing;
import dev.sluice.internal.Stage;
import dev.sluice.internal.StageStats;
import dev.sluice.internal.Terminal;
import dev.sluice.internal.Terminals;
import dev.sluice.internal.TimedBatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An immutable, lazy description of a stream of items flowing from a source through stages.
 * Nothing runs until a terminal operation ({@link #toList()}, {@link #drain}, {@link #count()},
 * {@link #iterator()}, {@link #start()}, ...); each terminal operation starts a new run. A
 * pipeline built from an {@link Iterable}, a file or a generator can run many times; one built
 * from an {@link Iterator}, a {@link Stream}, a {@link Feed} or a queue only once.
 *
 * {@snippet :
 * List<Integer> doubled = Pipeline.of(1, 2, 3)
 *     .mapConcurrent(8, x -> x * 2)   // up to 8 calls at once, results in input order
 *     .toList();                      // [2, 4, 6]
 * }
 *
 * <h2>Threads</h2>
 * Synchronous operators ({@link #map}, {@link #filter}, {@link #flatMap}, {@link #peek},
 * {@link #limit}, {@link #batch(int)}, {@link #unbatch()}) run fused in the thread of the stage
 * before them. Every other stage hands items to other threads: blocking calls run on virtual
 * threads, CPU stages on a bounded platform pool. A run owns every thread it starts: when the
 * terminal operation returns or throws, none is left running and the source has been closed.
 *
 * <p>A concurrent map passes each result on as soon as it may (in order, or as it completes),
 * except that while results arrive every few microseconds its output thread takes them up to
 * 16 at a time, so that it is not woken once per result: a result may then wait up to 1 ms for
 * the ones after it, never longer.
 *
 * <h2>Back-pressure and memory</h2>
 * Stages are joined by bounded hand-offs; a full one blocks the stage feeding it, back to the
 * source, which is read only as fast as the slowest stage allows. Items held by a run at any
 * moment are bounded by the sum of the stages' bounds documented on each operator, whatever the
 * input size.
 *
 * <h2>Errors and cancellation</h2>
 * Fail-fast: the first exception thrown by a source, a function or a sink stops the run at
 * once. No new item is started, calls in flight are interrupted (blocking) or cancelled
 * ({@code CompletionStage}), and the terminal operation throws a {@link PipelineException}
 * naming the stage and the item's position, with the original exception as its cause and later
 * failures as suppressed. A failure is reported as soon as it happens, even while earlier items
 * are still running. {@link Run#cancel()}, closing an {@link #iterator()} early, or interrupting
 * the thread waiting in a terminal operation stops a run the same way.
 *
 * <p>Streams carry no nulls: a source or function producing null fails the run. Arguments are
 * checked when the pipeline is built. Pipelines are immutable and thread-safe.
 *
 * @param <T> the type of the items
 */
public final class Pipeline<T> {

  /** Run-wide settings, carried from stage to stage. */
  private record Settings(ThreadFactory threads, Ticker ticker, ProgressListener progress) {
    static final Settings DEFAULT =
        new Settings(Thread.ofVirtual().name("sluice-", 0).factory(), Ticker.system(), null);
  }

  private final Pipeline<?> previous;
  private final Stage stage;
  private final String name;
  private final Settings settings;
  /** Set when this stage is a concurrent map, whose policy the error operators change. */
  private final MapSpec<?, ?> mapSpec;

  private Pipeline(
      Pipeline<?> previous, Stage stage, String name, Settings settings, MapSpec<?, ?> mapSpec) {
    this.previous = previous;
    this.stage = stage;
    this.name = name;
    this.settings = settings;
    this.mapSpec = mapSpec;
  }

  private static <T> Pipeline<T> source(String kind, Source.Factory<?> factory) {
    return new Pipeline<>(
        null, new Stage.SourceStage(kind, factory), null, Settings.DEFAULT, null);
  }

  private <R> Pipeline<R> then(Stage next) {
    return new Pipeline<>(this, next, null, settings, null);
  }

  private <R> Pipeline<R> then(MapSpec<T, R> spec) {
    return new Pipeline<>(this, spec.toStage(), null, settings, spec);
  }

  // ------------------------------------------------------------------------- sources

  /**
   * A pipeline over the given items.
   *
   * @param items the items, none null
   * @param <T> the item type
   * @return a pipeline that can run many times
   * @throws NullPointerException if {@code items} or any item is null
   */
  @SafeVarargs
  public static <T> Pipeline<T> of(T... items) {
    List<T> list = List.of(items);
    return from(list);
  }

  /**
   * A pipeline over an iterable; each run iterates it anew.
   *
   * @param items the items
   * @param <T> the item type
   * @return a pipeline that can run many times
   */
  public static <T> Pipeline<T> from(Iterable<? extends T> items) {
    Objects.requireNonNull(items, "items");
    return source("from", sized(items, 1, Sources.iterator(items::iterator, null)));
  }

  /**
   * A pipeline over an iterator, read lazily one item at a time from one thread.
   *
   * @param items the items
   * @param <T> the item type
   * @return a pipeline that can run once
   */
  public static <T> Pipeline<T> from(Iterator<? extends T> items) {
    Objects.requireNonNull(items, "items");
    AtomicBoolean used = new AtomicBoolean();
    return source("from", Sources.iterator(() -> once(used, "an iterator", items), null));
  }

  /**
   * A pipeline over a stream, read lazily; the stream is closed when the run ends.
   *
   * @param items the items
   * @param <T> the item type
   * @return a pipeline that can run once
   */
  public static <T> Pipeline<T> from(Stream<? extends T> items) {
    Objects.requireNonNull(items, "items");
    AtomicBoolean used = new AtomicBoolean();
    return source(
        "from", Sources.iterator(() -> once(used, "a stream", items).iterator(), items::close));
  }

  /**
   * A pipeline over a live {@link Feed}: it ends when the feed is closed and drained. When the
   * run ends first (a failure, a cancel, a limit), the feed is closed, so a producer blocked in
   * {@link Feed#put} gets an {@link IllegalStateException} instead of waiting forever.
   *
   * @param feed the feed
   * @param <T> the item type
   * @return a pipeline that can run once
   */
  public static <T> Pipeline<T> from(Feed<? extends T> feed) {
    Objects.requireNonNull(feed, "feed");
    return generate(new FeedReader<>(feed));
  }

  /** Reads a feed, and closes it when the run ends, so no producer stays blocked in put. */
  private record FeedReader<T>(Feed<T> feed) implements Generator<T>, AutoCloseable {
    @Override
    public T next() throws InterruptedException {
      return feed.take();
    }

    @Override
    public void close() {
      feed.close();
    }
  }

  /**
   * A pipeline fed by a {@link Flow.Publisher}. The pipeline subscribes when the run starts and
   * requests at most {@code 256} items beyond what it has taken, so the publisher is
   * back-pressured; when the run ends before the publisher completes, the subscription is
   * cancelled. An {@code onError} fails the run.
   *
   * @param publisher the publisher
   * @param <T> the item type
   * @return a pipeline that subscribes once per run
   */
  public static <T> Pipeline<T> from(Flow.Publisher<? extends T> publisher) {
    Objects.requireNonNull(publisher, "publisher");
    Source.Factory<T> factory = (run, stats) -> new PublisherSource<T>(publisher, run, stats, 256);
    return source("publisher", factory);
  }

  /**
   * A pipeline over items produced on demand. The generator is called from one thread, only
   * when the pipeline has room for another item; it returns null to end the stream. A generator
   * that is also {@link AutoCloseable} is closed when the run ends, however it ends.
   *
   * @param generator produces the items
   * @param <T> the item type
   * @return a pipeline that calls the generator anew each run
   */
  public static <T> Pipeline<T> generate(Generator<? extends T> generator) {
    Objects.requireNonNull(generator, "generator");
    return source("generate", Sources.generator(generator));
  }

  /**
   * A pipeline over the items taken from a queue until {@code endMarker} is taken.
   *
   * @param queue the queue
   * @param endMarker the item that ends the stream (compared with equals); it is not passed on
   * @param <T> the item type
   * @return a pipeline that can run once
   */
  public static <T> Pipeline<T> fromQueue(BlockingQueue<? extends T> queue, T endMarker) {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(endMarker, "endMarker");
    return source("queue", Sources.queue(queue, endMarker));
  }

  /**
   * The lines of a UTF-8 text file, read lazily, without their line endings. A byte sequence
   * that is not UTF-8 fails the run with a message naming the file, line and column.
   *
   * @param file the file
   * @return a pipeline that reads the file anew each run
   */
  public static Pipeline<String> lines(Path file) {
    Objects.requireNonNull(file, "file");
    return source("lines", Sources.lines(file));
  }

  /**
   * The numbers from {@code start} (inclusive) to {@code end} (exclusive).
   *
   * @param start the first number
   * @param end one past the last number
   * @return a pipeline of longs
   */
  public static Pipeline<Long> range(long start, long end) {
    return source(
        "range",
        new SizedSource<>(
        Sources.iterator(
            () ->
                new Iterator<Long>() {
                  long next = start;

                  @Override
                  public boolean hasNext() {
                    return next < end;
                  }

                  @Override
                  public Long next() {
                    return next++;
                  }
                },
            null),
        () -> Math.max(0, end - start)));
  }

  /**
   * The items of an iterable, {@code epochs} times over, as seed 003's {@code batches} reads a
   * data set: follow with {@link #batch(int)} to get batches that may span an epoch boundary.
   * An epoch shorter than the first fails the run.
   *
   * @param items the data set, iterated once per epoch
   * @param epochs how many times; at least 1
   * @param <T> the item type
   * @return a pipeline that can run many times
   * @throws IllegalArgumentException if {@code epochs < 1}
   */
  public static <T> Pipeline<T> epochs(Iterable<? extends T> items, int epochs) {
    Objects.requireNonNull(items, "items");
    requireAtLeast("epochs", epochs, 1);
    return source(
        "epochs", sized(items, epochs, Sources.iterator(() -> new EpochIterator<T>(items, epochs), null)));
  }

  private static <I> I once(AtomicBoolean used, String what, I items) {
    if (!used.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "this pipeline reads " + what + ", which can be consumed by one run only");
    }
    return items;
  }

  // ------------------------------------------------------------------------- fused operators

  /**
   * Applies a function to each item, in the thread of the stage before (no hand-off).
   *
   * @param function the function; may block, may throw; must not return null
   * @param <R> the result type
   * @return the new pipeline
   */
  @SuppressWarnings("unchecked")
  public <R> Pipeline<R> map(CheckedFunction<? super T, ? extends R> function) {
    Objects.requireNonNull(function, "function");
    return then(
        new Stage.FusedStage(
            "map", (next, stats, run) -> FusedOps.map((Downstream<R>) next, stats, function)));
  }

  /**
   * Keeps the items the predicate accepts, fused.
   *
   * @param predicate which items to keep
   * @return the new pipeline
   */
  @SuppressWarnings("unchecked")
  public Pipeline<T> filter(Predicate<? super T> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    return then(
        new Stage.FusedStage(
            "filter",
            (next, stats, run) -> FusedOps.filter((Downstream<T>) next, stats, predicate)));
  }

  /**
   * Replaces each item by the elements of the iterable the function returns, fused. The
   * iterable is read lazily, element by element, as downstream accepts them.
   *
   * @param function the function
   * @param <R> the element type
   * @return the new pipeline
   */
  @SuppressWarnings("unchecked")
  public <R> Pipeline<R> flatMap(CheckedFunction<? super T, ? extends Iterable<? extends R>> function) {
    Objects.requireNonNull(function, "function");
    return then(
        new Stage.FusedStage(
            "flatMap",
            (next, stats, run) -> FusedOps.flatMap((Downstream<R>) next, stats, function)));
  }

  /**
   * Calls an action on each item as it passes, fused.
   *
   * @param action the action
   * @return the new pipeline
   */
  @SuppressWarnings("unchecked")
  public Pipeline<T> peek(CheckedConsumer<? super T> action) {
    Objects.requireNonNull(action, "action");
    return then(
        new Stage.FusedStage(
            "peek", (next, stats, run) -> FusedOps.peek((Downstream<T>) next, stats, action)));
  }

  /**
   * Passes the first {@code max} items and then ends the stream: everything upstream is
   * stopped, calls in flight there are interrupted, and the source is closed.
   *
   * @param max how many items to pass; at least 0
   * @return the new pipeline
   * @throws IllegalArgumentException if {@code max < 0}
   */
  @SuppressWarnings("unchecked")
  public Pipeline<T> limit(long max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0, was " + max);
    }
    return then(
        new Stage.FusedStage(
            "limit", (next, stats, run) -> FusedOps.limit((Downstream<T>) next, stats, max)));
  }

  /**
   * Groups consecutive items into lists of {@code size}, fused. The last list holds what is
   * left and may be shorter; no list is empty. Use {@link #batch(int, Duration)} when the source
   * may stall and a partial batch should not wait for it.
   *
   * @param size the batch size; at least 1
   * @return a pipeline of batches
   * @throws IllegalArgumentException if {@code size < 1}
   */
  @SuppressWarnings("unchecked")
  public Pipeline<List<T>> batch(int size) {
    requireAtLeast("size", size, 1);
    return then(
        new Stage.FusedStage(
            "batch",
            (next, stats, run) -> FusedOps.batch((Downstream<List<T>>) next, stats, size)));
  }

  /**
   * Groups items into lists of {@code size}, and lets a partial list leave once its oldest item
   * has waited {@code maxWait}. The final partial batch leaves at the end; no list is empty.
   * Holds at most {@code 2 * size} items: a batch being filled and {@code size} in its hand-off.
   * Time comes from the pipeline's {@link Ticker}.
   *
   * @param size the batch size; at least 1
   * @param maxWait how long the oldest item of a partial batch may wait; positive
   * @return a pipeline of batches
   * @throws IllegalArgumentException if {@code size < 1} or {@code maxWait} is not positive
   */
  public Pipeline<List<T>> batch(int size, Duration maxWait) {
    requireAtLeast("size", size, 1);
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("maxWait must be positive, was " + maxWait);
    }
    long nanos = maxWait.toNanos();
    return then(
        new Stage.BoundaryStage(
            "batch", (run, stats) -> new TimedBatcher<T>(run, stats, size, nanos)));
  }

  /**
   * Flattens a pipeline of iterables (such as batches) into their elements, fused. The
   * element type is given by the caller, e.g. {@code .<Integer>unbatch()}; an item that is not
   * an {@link Iterable} fails the run.
   *
   * @param <R> the element type
   * @return the new pipeline
   */
  @SuppressWarnings("unchecked")
  public <R> Pipeline<R> unbatch() {
    CheckedFunction<T, Iterable<R>> asIterable =
        item -> {
          if (item instanceof Iterable<?> iterable) {
            return (Iterable<R>) iterable;
          }
          throw new ClassCastException(
              "unbatch needs Iterable items, got " + item.getClass().getName());
        };
    return then(
        new Stage.FusedStage(
            "unbatch",
            (next, stats, run) -> FusedOps.flatMap((Downstream<R>) next, stats, asIterable)));
  }

  // ------------------------------------------------------------------------- hand-offs

  /**
   * Reads ahead of the downstream into a bounded buffer on a thread of its own, as seed 000's
   * buffer: the stages before it keep working while downstream is busy, up to {@code capacity}
   * items ahead. Order is kept.
   *
   * @param capacity how many items it holds; at least 1
   * @return the new pipeline
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public Pipeline<T> buffer(int capacity) {
    requireAtLeast("capacity", capacity, 1);
    return then(
        new Stage.BoundaryStage(
            "buffer", (run, stats) -> Boundary.of(new SpscRing<T>(run, capacity, stats))));
  }

  /**
   * Applies a blocking function with up to {@code concurrency} calls at once, each on a virtual
   * thread, and passes the results on <b>in input order</b>.
   *
   * <p>In flight: at most {@code concurrency} calls. The stage holds at most {@code
   * max(4 * concurrency, 256)} items (rounded up to a power of two), queued, running or
   * finished and waiting for an earlier item: this is its reorder window. When the window is
   * full, the stage stops taking input (back-pressure), so one slow item delays the rest by at
   * most a window. A failure stops the run at once, even while earlier items are running.
   *
   * @param concurrency the most calls at once; at least 1
   * @param function the function; may block, may throw; must not return null
   * @param <R> the result type
   * @return the new pipeline
   * @throws IllegalArgumentException if {@code concurrency < 1}
   */
  public <R> Pipeline<R> mapConcurrent(int concurrency, CheckedFunction<? super T, ? extends R> function) {
    return concurrentMap("mapConcurrent", true, concurrency, function, null);
  }

  /**
   * Like {@link #mapConcurrent} but results leave as they finish, not in input order. The
   * stage holds at most {@code max(4 * concurrency, 256)} items (rounded up to a power of two);
   * a slow item takes one of those places and holds up nothing else.
   *
   * @param concurrency the most calls at once; at least 1
   * @param function the function; may block, may throw; must not return null
   * @param <R> the result type
   * @return the new pipeline
   * @throws IllegalArgumentException if {@code concurrency < 1}
   */
  public <R> Pipeline<R> mapUnordered(int concurrency, CheckedFunction<? super T, ? extends R> function) {
    return concurrentMap("mapUnordered", false, concurrency, function, null);
  }

  /**
   * Applies a CPU-bound function on the shared pool of platform threads, one per core, keeping
   * input order. Items are handed to the pool in chunks sized so that a chunk takes about half a
   * millisecond; at most one call per core runs at once. The pool is shared by all runs.
   *
   * @param function the function; must not return null
   * @param <R> the result type
   * @return the new pipeline
   */
  public <R> Pipeline<R> mapCpu(CheckedFunction<? super T, ? extends R> function) {
    return concurrentMap("mapCpu", true, CpuPool.size(), function, CpuPool.shared());
  }

  /**
   * Applies a function on the given executor with up to {@code concurrency} calls at once,
   * keeping input order. Calls are handed over in chunks; cancelling the run interrupts the
   * executor's threads that run them (when the executor runs tasks on threads that honour
   * interrupts).
   *
   * @param concurrency the most calls at once; at least 1
   * @param executor where the calls run
   * @param function the function; must not return null
   * @param <R> the result type
   * @return the new pipeline
   * @throws IllegalArgumentException if {@code concurrency < 1}
   */
  public <R> Pipeline<R> mapCpu(
      int concurrency, Executor executor, CheckedFunction<? super T, ? extends R> function) {
    Objects.requireNonNull(executor, "executor");
    return concurrentMap("mapCpu", true, concurrency, function, executor);
  }

  private <R> Pipeline<R> concurrentMap(
      String kind,
      boolean ordered,
      int concurrency,
      CheckedFunction<? super T, ? extends R> function,
      Executor executor) {
    requireAtLeast("concurrency", concurrency, 1);
    return concurrentMap(
        kind, ordered, concurrency, function, executor, MapStage.defaultWindow(concurrency));
  }

  /** A concurrent map holding at most {@code window} items (at least {@code concurrency}). */
  <R> Pipeline<R> concurrentMap(
      String kind,
      boolean ordered,
      int concurrency,
      CheckedFunction<? super T, ? extends R> function,
      Executor executor,
      int window) {
    requireAtLeast("concurrency", concurrency, 1);
    Objects.requireNonNull(function, "function");
    return then(
        new MapSpec<T, R>(
            kind, ordered, concurrency, window, function, null, executor, CallPolicy.NONE));
  }

  /**
   * Applies a function that returns a {@link CompletionStage} (such as {@code
   * HttpClient.sendAsync}) with up to {@code concurrency} stages pending at once, and passes the
   * results on in input order. The function itself is called from the stage's feeding thread
   * and should return quickly. Bounds are those of {@link #mapConcurrent}. When the run stops,
   * pending stages are cancelled.
   *
   * @param concurrency the most pending calls; at least 1
   * @param function the function; must not return null nor complete with null
   * @param <R> the result type
   * @return the new pipeline
   * @throws IllegalArgumentException if {@code concurrency < 1}
   */
  public <R> Pipeline<R> mapAsync(
      int concurrency, Function<? super T, ? extends CompletionStage<? extends R>> function) {
    return asyncMap("mapAsync", true, concurrency, function);
  }

  /**
   * Like {@link #mapAsync} but results leave as they complete.
   *
   * @param concurrency the most pending calls; at least 1
   * @param function the function; must not return null nor complete with null
   * @param <R> the result type
   * @return the new pipeline
   * @throws IllegalArgumentException if {@code concurrency < 1}
   */
  public <R> Pipeline<R> mapAsyncUnordered(
      int concurrency, Function<? super T, ? extends CompletionStage<? extends R>> function) {
    return asyncMap("mapAsyncUnordered", false, concurrency, function);
  }

  private <R> Pipeline<R> asyncMap(
      String kind,
      boolean ordered,
      int concurrency,
      Function<? super T, ? extends CompletionStage<? extends R>> function) {
    requireAtLeast("concurrency", concurrency, 1);
    return asyncMap(kind, ordered, concurrency, function, MapStage.defaultWindow(concurrency));
  }

  /** An async map holding at most {@code window} items (at least {@code concurrency}). */
  <R> Pipeline<R> asyncMap(
      String kind,
      boolean ordered,
      int concurrency,
      Function<? super T, ? extends CompletionStage<? extends R>> function,
      int window) {
    requireAtLeast("concurrency", concurrency, 1);
    Objects.requireNonNull(function, "function");
    return then(
        new MapSpec<T, R>(
            kind, ordered, concurrency, window, null, function, null, CallPolicy.NONE));
  }

  // ------------------------------------------------------------------------- error policies

  /**
   * Retries failed calls of the concurrent map stage just before, as the policy says: up to
   * {@link RetryPolicy#maxAttempts()} attempts with exponential back-off and full jitter, or the
   * delay of a {@link RetryAfterException}. A waiting item keeps its place in the stage's
   * concurrency bound and in its order; blocking stages park their virtual thread while they
   * wait, async stages hold no thread. Only when the last attempt fails does the item fail: the
   * run stops, or the item goes to the {@link #deadLetters dead letters}.
   *
   * @param policy the retry policy
   * @return the pipeline with the policy applied to its last stage
   * @throws IllegalStateException if the last stage is not a concurrent map ({@code
   *     mapConcurrent}, {@code mapUnordered}, {@code mapAsync}, {@code mapAsyncUnordered},
   *     {@code mapCpu})
   */
  public Pipeline<T> retry(RetryPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    return withPolicy("retry", current -> current.withRetry(policy));
  }

  /**
   * Limits each call of the concurrent map stage just before to {@code limit}. An overrunning
   * blocking call is interrupted; a pending {@code CompletionStage} is cancelled. The attempt
   * then fails with a {@link java.util.concurrent.TimeoutException} naming the stage and the
   * item, which a {@link #retry retry policy} may retry. A blocking call that returns a value
   * despite the interrupt keeps its value: a result is never thrown away.
   *
   * @param limit the longest a call may take; positive
   * @return the pipeline with the timeout applied to its last stage
   * @throws IllegalArgumentException if {@code limit} is not positive
   * @throws IllegalStateException if the last stage is not a concurrent map
   */
  public Pipeline<T> timeout(Duration limit) {
    Objects.requireNonNull(limit, "limit");
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    return withPolicy("timeout", current -> current.withTimeout(limit));
  }

  /**
   * Hands items whose calls in the concurrent map stage just before failed for good (after any
   * retries) to {@code sink}, with the failure and the attempt count, and goes on without them
   * instead of failing the run. The sink is called one call at a time; if it throws, the run
   * fails. Skipped items are counted in {@link StageMetrics#skipped()}: none vanishes silently.
   *
   * @param sink receives the dead letters
   * @return the pipeline with dead letters for its last stage
   * @throws IllegalStateException if the last stage is not a concurrent map
   */
  public Pipeline<T> deadLetters(CheckedConsumer<? super DeadLetter<?>> sink) {
    Objects.requireNonNull(sink, "sink");
    return withPolicy("deadLetters", current -> current.withDeadLetters(sink));
  }

  private Pipeline<T> withPolicy(String operator, UnaryOperator<CallPolicy> change) {
    if (mapSpec == null) {
      throw new IllegalStateException(
          operator + " applies to a concurrent map stage (mapConcurrent, mapUnordered, mapAsync,"
              + " mapAsyncUnordered, mapCpu); the last stage is '"
              + (name != null ? name : stage.kind()) + "'");
    }
    MapSpec<?, ?> changed = mapSpec.withPolicy(change.apply(mapSpec.policy()));
    return new Pipeline<>(previous, changed.toStage(), name, settings, changed);
  }

  // ------------------------------------------------------------------------- flow control and interop

  /**
   * Paces the items: each item waits for a permit of {@code limiter} before it goes on, fused in
   * the thread of the stage before, so the stage after sees items no faster than the limiter
   * allows. Put it right before the stage whose calls must be limited.
   *
   * {@snippet :
   * RateLimiter tenPerSecond = RateLimiter.of(10, Duration.ofSeconds(1));
   * Pipeline.from(urls).rateLimit(tenPerSecond).mapConcurrent(4, this::fetch).toList();
   * }
   *
   * <p>Order is kept; the stage holds no item (the wait happens in the thread of the stage
   * before, which back-pressures everything before it). The limiter may be shared with other
   * stages and runs: they then share its rate. The time spent waiting counts as the stage's busy
   * time and latency in {@link Run#metrics()}, and in {@link RateLimiter#waitedNanos()}.
   * Stopping the run interrupts a waiting item.
   *
   * @param limiter the limiter; thread-safe, may be shared
   * @return the new pipeline
   */
  public Pipeline<T> rateLimit(RateLimiter limiter) {
    Objects.requireNonNull(limiter, "limiter");
    return rateLimited(limiter, null);
  }

  /**
   * Like {@link #rateLimit(RateLimiter)}, with each item taking {@code weight} permits, such as
   * the tokens an LLM call will use. An item that weighs more than the limiter's burst waits for
   * a full bucket and leaves it in debt.
   *
   * @param limiter the limiter; thread-safe, may be shared
   * @param weight the permits an item takes; must return at least 1 (else the run fails)
   * @return the new pipeline
   */
  public Pipeline<T> rateLimit(RateLimiter limiter, ToIntFunction<? super T> weight) {
    Objects.requireNonNull(limiter, "limiter");
    Objects.requireNonNull(weight, "weight");
    return rateLimited(limiter, weight);
  }

  @SuppressWarnings("unchecked")
  private Pipeline<T> rateLimited(RateLimiter limiter, ToIntFunction<? super T> weight) {
    return then(
        new Stage.FusedStage(
            "rateLimit",
            (next, stats, run) -> FlowOps.rateLimit((Downstream<T>) next, stats, run, limiter, weight)));
  }

  /**
   * Applies a blocking function with items of the same key processed one at a time, in
   * arrival order, and items of different keys concurrently, up to {@code concurrency} calls at
   * once, each on a virtual thread. Use it when calls for one key must not overlap or reorder
   * (one account, one file, one conversation) but keys are independent.
   *
   * {@snippet :
   * Pipeline.from(events)
   *     .mapPartitioned(8, Event::accountId, event -> ledger.apply(event))   // per account: in order
   *     .drain(out::write);
   * }
   *
   * <p><b>Ordering:</b> results leave in <b>completion order</b>; for one key that is its arrival
   * order, since its items run one after another. Keys take turns: a key with more items waiting
   * goes to the back of the line after each call, so a hot key does not starve the others.
   *
   * <p><b>In flight and memory:</b> at most {@code concurrency} calls run at once (at most one per
   * key), and the stage holds at most {@code max(4 * concurrency, 256)} items in all (rounded up
   * to a power of two), waiting, running, or done and not yet passed on, however they are spread
   * over keys: one hot key may take all of it. When it is full the stage stops taking input
   * (back-pressure), and when the downstream resumes after a stall, it goes on: it cannot
   * deadlock (see Pekko's {@code mapAsyncPartitioned} issue 2886).
   *
   * <p><b>Errors and cancellation:</b> a failing call or key function fails the run at once and
   * interrupts the calls in flight. Keys are compared with {@code equals}; a null key fails the
   * run.
   *
   * @param concurrency the most calls at once; at least 1
   * @param key the key of an item; must not return null
   * @param function the function; may block, may throw; must not return null; called from many
   *     threads, never at once for one key
   * @param <R> the result type
   * @return the new pipeline
   * @throws IllegalArgumentException if {@code concurrency < 1}
   */
  public <R> Pipeline<R> mapPartitioned(
      int concurrency,
      Function<? super T, ?> key,
      CheckedFunction<? super T, ? extends R> function) {
    requireAtLeast("concurrency", concurrency, 1);
    return mapPartitioned(concurrency, MapStage.defaultWindow(concurrency), key, function);
  }

  /** {@code mapPartitioned} holding at most {@code capacity} items (at least 1). */
  <R> Pipeline<R> mapPartitioned(
      int concurrency,
      int capacity,
      Function<? super T, ?> key,
      CheckedFunction<? super T, ? extends R> function) {
    requireAtLeast("concurrency", concurrency, 1);
    requireAtLeast("capacity", capacity, 1);
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(function, "function");
    return then(
        new Stage.BoundaryStage(
            "mapPartitioned",
            (run, stats) -> new KeyedStage<T, R>(run, stats, concurrency, capacity, key, function)));
  }

  /**
   * Merges several pipelines into one (fan-in): each source runs as a sub-run with its own
   * threads, all pushing into one bounded hand-off, and the items are passed on as they arrive.
   *
   * {@snippet :
   * Pipeline<Event> all = Pipeline.merge(kafkaEvents, fileEvents.map(Event::parse));
   * }
   *
   * <p><b>Ordering:</b> items of one source keep their order; items of different sources
   * interleave in arrival order. <b>Bound:</b> the hand-off holds at most 256 items; each source
   * holds what its own stages bound; a full hand-off blocks the sources (back-pressure).
   * <b>End:</b> the merged stream ends when every source has ended. <b>Errors and
   * cancellation:</b> a failure in any source fails the run (the others are cancelled); stopping
   * the run, or a downstream that stops early (as {@link #limit}), cancels every source's
   * sub-run, and the run ends only after they have. Every source's sub-run takes the thread
   * factory and ticker of the merged pipeline (set with {@link #withThreadFactory} and {@link
   * #withTicker} after the merge; the sources' own are not used); {@link Run#metrics()} shows the
   * merge as one source stage.
   *
   * @param sources the pipelines to merge; none null; may be empty (an empty stream)
   * @param <T> the item type
   * @return a pipeline that runs the sources anew each run (if they can run more than once)
   * @throws NullPointerException if {@code sources} or any of them is null
   */
  @SafeVarargs
  public static <T> Pipeline<T> merge(Pipeline<? extends T>... sources) {
    Objects.requireNonNull(sources, "sources");
    List<MergeSource.Input> inputs = new ArrayList<>(sources.length);
    for (int i = 0; i < sources.length; i++) {
      Pipeline<? extends T> source = Objects.requireNonNull(sources[i], "sources[" + i + "]");
      inputs.add((parent, terminal) -> source
          .withThreadFactory(parent.threads())
          .withTicker(parent.ticker())
          .start("merge-input", stats -> terminal));
    }
    List<MergeSource.Input> fixed = List.copyOf(inputs);
    Source.Factory<T> factory = (run, stats) -> new MergeSource<T>(run, stats, fixed, 256);
    return source("merge", factory);
  }

  /**
   * Gives every item to every sink (fan-out) and returns how many items there were. Each sink
   * has a bounded hand-off of 64 items and a thread of its own, so sinks run concurrently, each
   * seeing every item in stream order, one call at a time; a slow sink holds up the others only
   * once its hand-off is full, so the run goes at the pace of the slowest sink.
   *
   * <p><b>Errors and cancellation:</b> a failing sink fails the run, which interrupts the other
   * sinks; items already given to the other sinks may have been consumed.
   *
   * @param sinks the sinks; none null; at least one
   * @return the number of items
   * @throws IllegalArgumentException if there are no sinks
   * @throws NullPointerException if {@code sinks} or any of them is null
   * @throws PipelineException if the run fails
   */
  @SafeVarargs
  public final long broadcast(CheckedConsumer<? super T>... sinks) {
    Objects.requireNonNull(sinks, "sinks");
    requireAtLeast("sinks.length", sinks.length, 1);
    List<CheckedConsumer<? super T>> list = new ArrayList<>(sinks.length);
    for (int i = 0; i < sinks.length; i++) {
      list.add(Objects.requireNonNull(sinks[i], "sinks[" + i + "]"));
    }
    return assemble("broadcast", (run, stats) -> Broadcast.<T>terminal(run, stats, list, 64))
        .await();
  }

  /**
   * Applies several functions to each item concurrently and passes on the list of their results,
   * in the order of the functions; seed 001's fan-out and gather. A shorthand for {@link
   * #gather(List, Function)} with the list itself as the combination.
   *
   * @param functions the functions; none null; at least one
   * @param <A> the result type of the functions
   * @return a pipeline of result lists (unmodifiable)
   * @throws IllegalArgumentException if there are no functions
   * @throws NullPointerException if {@code functions} or any of them is null
   */
  @SafeVarargs
  public final <A> Pipeline<List<A>> gather(CheckedFunction<? super T, ? extends A>... functions) {
    Objects.requireNonNull(functions, "functions");
    List<CheckedFunction<? super T, ? extends A>> list = Arrays.asList(functions);
    return this.<A, List<A>>gather(list, results -> results);
  }

  /**
   * Applies several functions to each item concurrently, each call on a thread of its own
   * (virtual threads by default), waits for all of them and passes on {@code combine} of their
   * results; seed 001's "fan out to the next level, gather, then compute".
   *
   * {@snippet :
   * Pipeline.of(2.5)
   *     .gather(List.of(x -> levelB(x), x -> levelB(2 * x), x -> levelB(3 * x)),
   *             results -> results.stream().mapToDouble(d -> d).sum())
   *     .toList();
   * }
   *
   * <p>Fused: the stage before waits for the whole gather, one item at a time, so items keep
   * their order and at most {@code functions.size()} calls run at once; to gather several items
   * at once, call a pipeline or this stage's work from {@link #mapConcurrent}. <b>Errors and
   * cancellation:</b> a failing call fails the run and interrupts the other calls of the item;
   * stopping the run interrupts them too.
   *
   * @param functions the functions; none null; at least one
   * @param combine combines the results, given in the order of the functions; must not return null
   * @param <A> the result type of the functions
   * @param <R> the combined type
   * @return the new pipeline
   * @throws IllegalArgumentException if there are no functions
   * @throws NullPointerException if an argument or any function is null
   */
  @SuppressWarnings("unchecked")
  public <A, R> Pipeline<R> gather(
      List<? extends CheckedFunction<? super T, ? extends A>> functions,
      Function<? super List<A>, ? extends R> combine) {
    Objects.requireNonNull(functions, "functions");
    Objects.requireNonNull(combine, "combine");
    requireAtLeast("functions.size()", functions.size(), 1);
    List<CheckedFunction<? super T, ? extends A>> list = new ArrayList<>(functions.size());
    for (int i = 0; i < functions.size(); i++) {
      list.add(Objects.requireNonNull(functions.get(i), "functions[" + i + "]"));
    }
    return then(
        new Stage.FusedStage(
            "gather",
            (next, stats, run) -> FlowOps.gather((Downstream<R>) next, stats, run, list, combine)));
  }

  /**
   * This pipeline as a {@link Flow.Publisher} that honours demand, for Reactor, RxJava, Pekko,
   * Mutiny and other Reactive Streams libraries. It passes the Reactive Streams TCK.
   *
   * {@snippet :
   * Flux<String> flux = JdkFlowAdapter.flowPublisherToFlux(pipeline.toPublisher());
   * }
   *
   * <p>Each {@code subscribe} starts a new run (so a pipeline that can run once supports one
   * subscriber) after {@code onSubscribe} returns. The run's last stage delivers {@code onNext}
   * from its own thread, one at a time and only as requested: without demand it waits, and the
   * pipeline's hand-offs fill up back to the source (back-pressure), so at most the pipeline's
   * own bounds are held. {@code onComplete} or {@code onError} (with the run's {@link
   * PipelineException}) comes after every thread of the run has ended. {@code cancel} cancels
   * the run. A request of {@code n <= 0} signals {@link IllegalArgumentException} and stops the
   * run. The publisher is thread-safe.
   *
   * @return a publisher that starts a run per subscriber
   */
  public Flow.Publisher<T> toPublisher() {
    return new RunPublisher<T>(terminal -> assemble("publisher", terminal));
  }

  /**
   * Starts a run that delivers the items to a {@link Flow.Subscriber}, as the subscriber
   * requests them; the same as {@code toPublisher().subscribe(subscriber)}. Returns at once;
   * the subscriber learns of the end through {@code onComplete} or {@code onError}.
   *
   * @param subscriber the subscriber
   * @throws NullPointerException if {@code subscriber} is null
   */
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    toPublisher().subscribe(subscriber);
  }

  /**
   * Reports the progress of every run of this pipeline to {@code listener}: periodic snapshots
   * with the count of items taken from the source, the total when the source knows it, the rate,
   * the ETA and every stage's counters, and a last one when the run ends. The listener is called
   * from a thread of the run, every {@link ProgressListener#interval()} of the pipeline's {@link
   * Ticker}; that thread ends with the run. Use {@link Progress#bar}, {@link Progress#lines} or
   * {@link Progress#auto} to print; nothing is printed otherwise.
   *
   * @param listener the listener, or null for none
   * @return the new pipeline
   */
  public Pipeline<T> withProgress(ProgressListener listener) {
    if (listener != null) {
      Duration interval = Objects.requireNonNull(listener.interval(), "listener.interval()");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException(
            "listener.interval() must be positive, was " + interval);
      }
    }
    return withSettings(new Settings(settings.threads(), settings.ticker(), listener));
  }

  /** Starts a run ending in the given terminal, with the progress ticker when one is set. */
  private <R> RunHandle<R> assemble(
      String terminalName, BiFunction<RunContext, StageStats, Terminal<R>> terminalFactory) {
    ProgressListener listener = settings.progress();
    if (listener == null) {
      return Assembler.start(
          nodes(), terminalName, terminalFactory, settings.threads(), settings.ticker());
    }
    List<Assembler.Node> nodes = nodes();
    ProgressTicker ticker = new ProgressTicker(listener, SizedSource.sizeOf(nodes.getFirst().stage()));
    return Assembler.start(
        nodes,
        terminalName,
        (run, stats) -> ticker.wrap(terminalFactory.apply(run, stats)),
        settings.threads(),
        settings.ticker(),
        ticker::start);
  }

  /** A source factory that knows its size when the items are a collection. */
  private static <T> Source.Factory<T> sized(
      Iterable<?> items, long times, Source.Factory<T> factory) {
    if (items instanceof Collection<?> collection) {
      return new SizedSource<>(factory, () -> collection.size() * times);
    }
    return factory;
  }

  // ------------------------------------------------------------------------- settings

  /**
   * Names the last stage, for metrics and error messages.
   *
   * @param stageName the name
   * @return the same pipeline with its last stage named
   */
  public Pipeline<T> named(String stageName) {
    Objects.requireNonNull(stageName, "stageName");
    if (stageName.isBlank()) {
      throw new IllegalArgumentException("stageName must not be blank");
    }
    return new Pipeline<>(previous, stage, stageName, settings, mapSpec);
  }

  /**
   * Uses the given ticker for everything time-based in runs of this pipeline; for tests.
   *
   * @param ticker the source of time
   * @return the new pipeline
   */
  public Pipeline<T> withTicker(Ticker ticker) {
    Objects.requireNonNull(ticker, "ticker");
    return withSettings(new Settings(settings.threads(), ticker, settings.progress()));
  }

  /**
   * Starts the threads of runs of this pipeline from the given factory (virtual threads by
   * default), for naming, context propagation or tests that track threads.
   *
   * @param threadFactory the factory
   * @return the new pipeline
   */
  public Pipeline<T> withThreadFactory(ThreadFactory threadFactory) {
    Objects.requireNonNull(threadFactory, "threadFactory");
    return withSettings(new Settings(threadFactory, settings.ticker(), settings.progress()));
  }

  private Pipeline<T> withSettings(Settings newSettings) {
    Pipeline<?> copiedPrevious = previous == null ? null : previous.withSettings(newSettings);
    return new Pipeline<>(copiedPrevious, stage, name, newSettings, mapSpec);
  }

  // ------------------------------------------------------------------------- terminals

  /**
   * Passes every item to a sink, one call at a time, and returns how many there were; seed
   * 000's {@code drain}.
   *
   * @param sink the sink
   * @return the number of items drained
   * @throws PipelineException if the run fails
   */
  public long drain(CheckedConsumer<? super T> sink) {
    Objects.requireNonNull(sink, "sink");
    return run("drain", stats -> Terminals.forEach(stats, sink));
  }

  /**
   * Passes every item to a sink with up to {@code concurrency} calls at once, in no particular
   * order, and returns how many there were.
   *
   * @param concurrency the most sink calls at once; at least 1
   * @param sink the sink; thread-safe when {@code concurrency > 1}
   * @return the number of items drained
   * @throws IllegalArgumentException if {@code concurrency < 1}
   * @throws PipelineException if the run fails
   */
  public long drain(int concurrency, CheckedConsumer<? super T> sink) {
    requireAtLeast("concurrency", concurrency, 1);
    Objects.requireNonNull(sink, "sink");
    if (concurrency == 1) {
      return drain(sink);
    }
    return this.<T>mapUnordered(
            concurrency,
            item -> {
              sink.accept(item);
              return item;
            })
        .named("drain")
        .count();
  }

  /**
   * Calls the action for every item, one call at a time, in stream order.
   *
   * @param action the action
   * @throws PipelineException if the run fails
   */
  public void forEach(CheckedConsumer<? super T> action) {
    Objects.requireNonNull(action, "action");
    run("forEach", stats -> Terminals.forEach(stats, action));
  }

  /**
   * Collects every item into a list, in stream order.
   *
   * @return a mutable list
   * @throws PipelineException if the run fails
   */
  public List<T> toList() {
    return run("toList", Terminals::toList);
  }

  /**
   * Folds the items into one value, in stream order; seed 000's "reducer".
   *
   * @param initial the initial value
   * @param folder combines the value so far with the next item
   * @param <A> the value type
   * @return the final value
   * @throws PipelineException if the run fails
   */
  public <A> A fold(A initial, BiFunction<A, ? super T, A> folder) {
    Objects.requireNonNull(folder, "folder");
    return run("fold", stats -> Terminals.fold(stats, initial, folder));
  }

  /**
   * Combines the items pairwise, in stream order.
   *
   * @param reducer an associative function
   * @return the result, empty for an empty stream
   * @throws PipelineException if the run fails
   */
  public Optional<T> reduce(BinaryOperator<T> reducer) {
    Objects.requireNonNull(reducer, "reducer");
    return run("reduce", stats -> Terminals.reduce(stats, reducer));
  }

  /**
   * Counts the items.
   *
   * @return the count
   * @throws PipelineException if the run fails
   */
  public long count() {
    return run("count", Terminals::count);
  }

  /**
   * Starts a run whose results the caller pulls; seed 000's async iterator. The run reads
   * ahead of the consumer by at most 64 results. Closing the iterator before the end cancels the
   * run; use it in try-with-resources.
   *
   * @return the iterator
   */
  public CloseableIterator<T> iterator() {
    return iterator(64);
  }

  /** A pull iterator whose run reads at most {@code readAhead} results ahead of the consumer. */
  CloseableIterator<T> iterator(int readAhead) {
    List<SpscRing<T>> ring = new ArrayList<>(1);
    RunHandle<Void> handle =
        assemble(
            "iterator",
            (run, stats) -> {
              ring.add(new SpscRing<>(run, readAhead, stats));
              return Terminals.into(ring.getFirst());
            });
    return new PullIterator<>(ring.getFirst(), handle);
  }

  /**
   * Starts a run whose results the caller pulls as a sequential {@link Stream}. Closing the
   * stream cancels the run; use it in try-with-resources.
   *
   * @return the stream
   */
  public Stream<T> stream() {
    CloseableIterator<T> iterator = iterator();
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(iterator::close);
  }

  /**
   * Starts a run in the background that counts the items.
   *
   * @return the run; {@link Run#await()} returns the count
   */
  public Run<Long> start() {
    return start("count", Terminals::count);
  }

  /**
   * Starts a run in the background that passes every item to a sink, one call at a time.
   *
   * @param sink the sink
   * @return the run; {@link Run#await()} returns the number of items drained
   */
  public Run<Long> start(CheckedConsumer<? super T> sink) {
    Objects.requireNonNull(sink, "sink");
    return start("drain", stats -> Terminals.forEach(stats, sink));
  }

  private <R> Run<R> start(String terminalName, Function<StageStats, Terminal<R>> terminal) {
    return assemble(terminalName, (run, stats) -> terminal.apply(stats));
  }

  private <R> R run(String terminalName, Function<StageStats, Terminal<R>> terminal) {
    return start(terminalName, terminal).await();
  }

  /** The stages from the source to this one. */
  private List<Assembler.Node> nodes() {
    List<Assembler.Node> nodes = new ArrayList<>();
    for (Pipeline<?> p = this; p != null; p = p.previous) {
      nodes.add(new Assembler.Node(p.stage, p.name));
    }
    Collections.reverse(nodes);
    return nodes;
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    for (Assembler.Node node : nodes()) {
      names.add(node.name() != null ? node.name() : node.stage().kind());
    }
    return "Pipeline" + names;
  }

  // ------------------------------------------------------------------------- helpers

  static void requireAtLeast(String parameter, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(parameter + " must be >= " + min + ", was " + value);
    }
  }

  /** Iterates a data set several times, checking each epoch is as long as the first. */
  private static final class EpochIterator<T> implements Iterator<T> {
    private final Iterable<? extends T> items;
    private final int epochs;
    private int epoch;
    private long index;
    private long firstEpochLength = -1;
    private Iterator<? extends T> current;

    EpochIterator(Iterable<? extends T> items, int epochs) {
      this.items = items;
      this.epochs = epochs;
      this.current = items.iterator();
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext()) {
        if (firstEpochLength < 0) {
          firstEpochLength = index;
        } else if (index < firstEpochLength) {
          throw new IllegalStateException(
              "the first epoch had " + firstEpochLength + " items, but epoch " + (epoch + 1)
                  + " had " + index);
        }
        if (++epoch >= epochs) {
          return false;
        }
        index = 0;
        current = items.iterator();
      }
      return true;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      index++;
      return current.next();
    }
  }
}
