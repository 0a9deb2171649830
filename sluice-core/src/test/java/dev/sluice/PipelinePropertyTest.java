package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import dev.sluice.testing.PlatformThreads;
import dev.sluice.testing.TrackingThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Randomized pipelines checked against a sequential model. Each try builds a random chain of
 * map / filter / flatMap / batch (by size or time) / unbatch / buffer / mapConcurrent /
 * mapUnordered / mapAsync / limit over a random source, with concurrency 1-64, delays that are
 * mostly zero, sometimes a failure injected at a random stage and item, and sometimes a
 * cancellation (Run.cancel or iterator close) at a random moment. It checks:
 *
 * <ul>
 *   <li>order where promised (all stages ordered: the model's list), the multiset otherwise;
 *   <li>every function is called exactly once per item it should see when nothing stops the
 *       run early, and at most once otherwise;
 *   <li>an injected failure surfaces as a PipelineException whose cause is that very exception,
 *       naming the stage (and the item's position when it is determined);
 *   <li>a cancelled run ends with CancellationException (or its result, if it had finished);
 *   <li>every thread the run made (through a tracking factory, virtual or platform) has ended,
 *       the platform thread count is back to where it was, and a Stream source was closed.
 * </ul>
 *
 * Items are distinct numbers and every function is injective, so a lost or repeated item shows.
 */
class PipelinePropertyTest {
  private static ScheduledExecutorService scheduler;

  @BeforeContainer
  static void startScheduler() {
    // Completes the async calls after their delay; made before any snapshot of the threads.
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(
            2, Thread.ofPlatform().daemon().name("property-scheduler-", 0).factory());
    pool.prestartAllCoreThreads();
    scheduler = pool;
  }

  @AfterContainer
  static void stopScheduler() {
    scheduler.shutdownNow();
  }

  // ------------------------------------------------------------------ the scenario

  sealed interface Op {}

  record MapOp(long delayNanos) implements Op {}

  record FilterOp() implements Op {}

  record FlatMapOp() implements Op {}

  /** batch(size) or batch(size, maxWait), optionally a mapConcurrent over the lists, unbatch. */
  record BatchOp(int size, long maxWaitNanos, int innerConcurrency) implements Op {}

  record BufferOp(int capacity) implements Op {}

  record ConcurrentOp(int concurrency, boolean ordered, long delayNanos) implements Op {}

  record AsyncOp(int concurrency, boolean ordered, long delayNanos) implements Op {}

  record LimitOp(int max) implements Op {}

  enum SourceKind {
    LIST,
    STREAM,
    GENERATOR,
    RANGE
  }

  enum Ending {
    TO_LIST,
    ITERATOR,
    START,
    DRAIN_CONCURRENTLY,
    /** Run.cancel() once the sink has seen {@code stopAfter} items (0: right after start). */
    RUN_CANCEL,
    /** Close the iterator after {@code stopAfter} items. */
    ITERATOR_CLOSE
  }

  /** Where to inject a failure, as fractions resolved against the model. */
  record FailureSpot(double stage, double item) {}

  record Scenario(
      SourceKind source,
      int items,
      List<Op> ops,
      Ending ending,
      int stopAfter,
      int drainConcurrency,
      FailureSpot failure,
      boolean platformThreads) {}

  // ------------------------------------------------------------------ generators

  private static Arbitrary<Integer> concurrency() {
    return Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.integers().between(1, 4)),
        Tuple.of(3, Arbitraries.integers().between(5, 16)),
        Tuple.of(2, Arbitraries.integers().between(17, 64)));
  }

  private static Arbitrary<Long> delay() {
    return Arbitraries.frequencyOf(
        Tuple.of(85, Arbitraries.just(0L)),
        Tuple.of(13, Arbitraries.longs().between(20_000, 400_000)),
        Tuple.of(2, Arbitraries.longs().between(400_000, 1_500_000)));
  }

  private static Arbitrary<Op> op() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, delay().map(MapOp::new)),
        Tuple.of(2, Arbitraries.just(new FilterOp())),
        Tuple.of(2, Arbitraries.just(new FlatMapOp())),
        Tuple.of(
            2,
            Combinators.combine(
                    Arbitraries.integers().between(1, 12),
                    Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.just(0L)),
                        Tuple.of(1, Arbitraries.longs().between(50_000, 2_000_000))),
                    Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.just(0)), Tuple.of(1, concurrency())))
                .as(BatchOp::new)),
        Tuple.of(2, Arbitraries.integers().between(1, 20).map(BufferOp::new)),
        Tuple.of(
            4,
            Combinators.combine(concurrency(), Arbitraries.of(true, false), delay())
                .as(ConcurrentOp::new)),
        Tuple.of(
            3,
            Combinators.combine(concurrency(), Arbitraries.of(true, false), delay())
                .as(AsyncOp::new)),
        Tuple.of(1, Arbitraries.integers().between(0, 40).map(LimitOp::new)));
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Integer> items =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(0)),
            Tuple.of(1, Arbitraries.just(1)),
            Tuple.of(8, Arbitraries.integers().between(2, 60)),
            Tuple.of(2, Arbitraries.integers().between(61, 150)));
    Arbitrary<Ending> ending =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(Ending.TO_LIST)),
            Tuple.of(2, Arbitraries.just(Ending.ITERATOR)),
            Tuple.of(2, Arbitraries.just(Ending.START)),
            Tuple.of(1, Arbitraries.just(Ending.DRAIN_CONCURRENTLY)),
            Tuple.of(2, Arbitraries.just(Ending.RUN_CANCEL)),
            Tuple.of(2, Arbitraries.just(Ending.ITERATOR_CLOSE)));
    Arbitrary<FailureSpot> failure =
        Combinators.combine(
                Arbitraries.doubles().between(0, 0.999).ofScale(3),
                Arbitraries.doubles().between(0, 0.999).ofScale(3))
            .as(FailureSpot::new)
            .injectNull(0.7);
    return Combinators.combine(
            Arbitraries.of(SourceKind.class),
            items,
            op().list().ofMaxSize(7),
            ending,
            Arbitraries.integers().between(0, 25),
            Arbitraries.integers().between(2, 8),
            failure,
            Arbitraries.of(false, false, true))
        .as(Scenario::new);
  }

  // ------------------------------------------------------------------ the model

  /** The sequential meaning of a scenario. */
  static final class Model {
    final List<List<Long>> inputs = new ArrayList<>(); // what op i's function sees
    final List<Boolean> unorderedBefore = new ArrayList<>();
    final List<Boolean> inexactBefore = new ArrayList<>();
    final List<Boolean> limitAfter = new ArrayList<>();
    List<Long> output;
    boolean ordered = true;
    /** False once a limit follows an unordered stage: which items pass is then open. */
    boolean exact = true;

    Model(Scenario s) {
      List<Long> cur = LongStream.range(0, s.items()).boxed().toList();
      for (Op op : s.ops()) {
        inputs.add(cur);
        unorderedBefore.add(!ordered);
        inexactBefore.add(!exact);
        cur =
            switch (op) {
              case MapOp m -> cur.stream().map(PipelinePropertyTest::f).toList();
              case FilterOp f -> cur.stream().filter(PipelinePropertyTest::keep).toList();
              case FlatMapOp f -> cur.stream().flatMap(x -> expand(x).stream()).toList();
              case BatchOp b ->
                  b.innerConcurrency() > 0 ? cur.stream().map(PipelinePropertyTest::f).toList() : cur;
              case BufferOp b -> cur;
              case ConcurrentOp c -> {
                ordered &= c.ordered();
                yield cur.stream().map(PipelinePropertyTest::f).toList();
              }
              case AsyncOp a -> {
                ordered &= a.ordered();
                yield cur.stream().map(PipelinePropertyTest::f).toList();
              }
              case LimitOp l -> {
                if (ordered) {
                  yield cur.subList(0, Math.min(l.max(), cur.size()));
                }
                exact = false;
                yield cur;
              }
            };
      }
      output = cur;
      for (int i = 0; i < s.ops().size(); i++) {
        limitAfter.add(s.ops().subList(i + 1, s.ops().size()).stream().anyMatch(o -> o instanceof LimitOp));
      }
    }
  }

  static long f(long x) {
    return 2 * x + 1;
  }

  static boolean keep(long x) {
    return x % 3 != 0;
  }

  static List<Long> expand(long x) {
    List<Long> out = new ArrayList<>();
    for (int j = 0; j < x % 4; j++) {
      out.add(4 * x + j);
    }
    return out;
  }

  static boolean bearsAFunction(Op op) {
    return op instanceof MapOp
        || op instanceof FilterOp
        || op instanceof FlatMapOp
        || op instanceof ConcurrentOp
        || op instanceof AsyncOp;
  }

  // ------------------------------------------------------------------ one try

  /** The exception a try injects; compared by identity. */
  static final class Injected extends RuntimeException {
    Injected(String message) {
      super(message, null, false, false);
    }
  }

  /** What the pipeline under test did. */
  private static final class Trace {
    final Map<Integer, Map<Long, Integer>> calls = new ConcurrentHashMap<>();
    final List<Long> received = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean streamClosed = new AtomicBoolean();
    Throwable thrown;
    boolean stoppedEarly;

    void called(int op, long x) {
      calls.computeIfAbsent(op, k -> new ConcurrentHashMap<>()).merge(x, 1, Integer::sum);
    }
  }

  @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
  void randomPipeline_behavesLikeItsSequentialModel(@ForAll("scenarios") Scenario s)
      throws Exception {
    Model model = new Model(s);
    // Resolve the failure spot: a function-bearing op and an item it will see.
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < s.ops().size(); i++) {
      if (bearsAFunction(s.ops().get(i)) && !model.inputs.get(i).isEmpty()) {
        candidates.add(i);
      }
    }
    int failOp = -1;
    long failItem = -1;
    Injected injected = null;
    if (s.failure() != null && !candidates.isEmpty()) {
      failOp = candidates.get((int) (s.failure().stage() * candidates.size()));
      List<Long> seen = model.inputs.get(failOp);
      failItem = seen.get((int) (s.failure().item() * seen.size()));
      injected = new Injected("injected at op" + failOp + " on " + failItem);
    }

    PlatformThreads platformBefore = PlatformThreads.snapshot();
    TrackingThreadFactory threads =
        s.platformThreads() ? TrackingThreadFactory.platform() : TrackingThreadFactory.virtual();
    Trace trace = new Trace();
    Pipeline<Long> pipeline = build(s, trace, failOp, failItem, injected).withThreadFactory(threads);

    runWithDeadline(s, pipeline, trace, threads);

    // ---- threads: every thread of the run has ended when the terminal returns; no platform
    // thread is left over.
    assertThat(threads.alive()).as("threads of the run left alive").isEmpty();
    assertThat(platformBefore.awaitNoLeak(Await.LONG)).as("platform threads leaked").isEmpty();
    if (s.source() == SourceKind.STREAM) {
      assertThat(trace.streamClosed).as("the Stream source was closed").isTrue();
    }

    // ---- the outcome
    boolean cancelEnding = s.ending() == Ending.RUN_CANCEL || s.ending() == Ending.ITERATOR_CLOSE;
    boolean failureCertain =
        injected != null
            && !cancelEnding
            && !model.limitAfter.get(failOp)
            && !model.inexactBefore.get(failOp);
    boolean orderedTerminal = s.ending() != Ending.DRAIN_CONCURRENTLY;
    boolean orderedResult = model.ordered && orderedTerminal && model.exact;
    Throwable thrown = trace.thrown;
    List<Long> received = List.copyOf(trace.received);
    String outcome;

    if (thrown == null) {
      outcome = trace.stoppedEarly ? "closed early" : "completed";
      assertThat(failureCertain).as("the injected failure %s did not surface", injected).isFalse();
      if (trace.stoppedEarly) {
        assertThat(received).hasSize(s.stopAfter());
        assertPartial(received, model, orderedResult);
      } else if (!model.exact) {
        assertThat(received).doesNotHaveDuplicates();
        assertThat(model.output).containsAll(received);
      } else if (orderedResult) {
        assertThat(received).isEqualTo(model.output);
      } else {
        assertThat(received).containsExactlyInAnyOrderElementsOf(model.output);
      }
    } else if (thrown instanceof PipelineException pe && injected != null && pe.getCause() == injected) {
      outcome = "failed as injected";
      assertThat(pe.stage()).isEqualTo("op" + failOp);
      if (!model.unorderedBefore.get(failOp) && !model.inexactBefore.get(failOp)) {
        assertThat(pe.position()).isEqualTo(model.inputs.get(failOp).indexOf(failItem));
      }
      assertPartial(received, model, orderedResult);
    } else if (thrown instanceof CancellationException) {
      outcome = "cancelled";
      assertThat(cancelEnding).as("cancelled without a cancel: %s", thrown).isTrue();
      assertPartial(received, model, orderedResult);
    } else {
      throw new AssertionError("unexpected outcome for " + s, thrown);
    }

    // ---- exactly once per item when nothing stopped the run early, at most once otherwise
    boolean ranToTheEnd = thrown == null && !trace.stoppedEarly;
    for (int i = 0; i < s.ops().size(); i++) {
      if (!bearsAFunction(s.ops().get(i))) {
        continue;
      }
      Map<Long, Integer> calls = trace.calls.getOrDefault(i, Map.of());
      Set<Long> expected = new HashSet<>(model.inputs.get(i));
      assertThat(calls.values()).as("calls per item at op%s", i).allMatch(n -> n == 1);
      assertThat(expected).as("items seen by op%s", i).containsAll(calls.keySet());
      if (ranToTheEnd && injected == null && !model.limitAfter.get(i) && !model.inexactBefore.get(i)) {
        assertThat(calls.keySet()).as("items seen by op%s", i).isEqualTo(expected);
      }
    }

    Statistics.label("ending").collect(s.ending());
    Statistics.label("outcome").collect(outcome);
    Statistics.label("threads").collect(s.platformThreads() ? "platform" : "virtual");
  }

  /** Items received before a stop: a prefix of the model's output when order is promised. */
  private static void assertPartial(List<Long> received, Model model, boolean orderedResult) {
    assertThat(received).doesNotHaveDuplicates();
    assertThat(model.output).containsAll(received);
    if (orderedResult) {
      assertThat(model.output.subList(0, received.size())).isEqualTo(received);
    }
  }

  // ------------------------------------------------------------------ building

  private static void pause(long nanos, long x) throws InterruptedException {
    if (nanos > 0 && x % 5 == 0) {
      Thread.sleep(Duration.ofNanos(nanos));
    }
  }

  private Pipeline<Long> build(Scenario s, Trace trace, int failOp, long failItem, Injected injected) {
    Pipeline<Long> p =
        switch (s.source()) {
          case LIST -> Pipeline.from(LongStream.range(0, s.items()).boxed().toList());
          case RANGE -> Pipeline.range(0, s.items());
          case STREAM ->
              Pipeline.from(
                  LongStream.range(0, s.items())
                      .boxed()
                      .onClose(() -> trace.streamClosed.set(true)));
          case GENERATOR -> {
            AtomicLong next = new AtomicLong();
            yield Pipeline.generate(
                () -> next.get() < s.items() ? next.getAndIncrement() : null);
          }
        };
    p = p.named("source");
    for (int i = 0; i < s.ops().size(); i++) {
      int op = i;
      String name = "op" + i;
      boolean failsHere = op == failOp;
      switch (s.ops().get(i)) {
        case MapOp m ->
            p =
                p.map(
                        x -> {
                          trace.called(op, x);
                          if (failsHere && x == failItem) {
                            throw injected;
                          }
                          pause(m.delayNanos(), x);
                          return f(x);
                        })
                    .named(name);
        case FilterOp f ->
            p =
                p.filter(
                        x -> {
                          trace.called(op, x);
                          if (failsHere && x == failItem) {
                            throw injected;
                          }
                          return keep(x);
                        })
                    .named(name);
        case FlatMapOp f ->
            p =
                p.<Long>flatMap(
                        x -> {
                          trace.called(op, x);
                          if (failsHere && x == failItem) {
                            throw injected;
                          }
                          return expand(x);
                        })
                    .named(name);
        case BatchOp b -> {
          Pipeline<List<Long>> batches =
              b.maxWaitNanos() > 0
                  ? p.batch(b.size(), Duration.ofNanos(b.maxWaitNanos()))
                  : p.batch(b.size());
          batches = batches.named(name);
          if (b.innerConcurrency() > 0) {
            batches =
                batches
                    .mapConcurrent(
                        b.innerConcurrency(),
                        list -> {
                          assertThat(list).isNotEmpty().hasSizeLessThanOrEqualTo(b.size());
                          return list.stream().map(PipelinePropertyTest::f).toList();
                        })
                    .named(name + "-lists");
          }
          p = batches.<Long>unbatch().named(name + "-unbatch");
        }
        case BufferOp b -> p = p.buffer(b.capacity()).named(name);
        case ConcurrentOp c -> {
          CheckedFunction<Long, Long> fn =
              x -> {
                trace.called(op, x);
                if (failsHere && x == failItem) {
                  throw injected;
                }
                pause(c.delayNanos(), x);
                return f(x);
              };
          p =
              (c.ordered() ? p.mapConcurrent(c.concurrency(), fn) : p.mapUnordered(c.concurrency(), fn))
                  .named(name);
        }
        case AsyncOp a -> {
          java.util.function.Function<Long, CompletableFuture<Long>> fn =
              x -> {
                trace.called(op, x);
                if (failsHere && x == failItem) {
                  return CompletableFuture.failedFuture(injected);
                }
                if (a.delayNanos() == 0 || x % 5 != 0) {
                  if (x % 2 == 0) {
                    return CompletableFuture.completedFuture(f(x));
                  }
                  return CompletableFuture.supplyAsync(() -> f(x), scheduler);
                }
                CompletableFuture<Long> result = new CompletableFuture<>();
                scheduler.schedule(() -> result.complete(f(x)), a.delayNanos(), TimeUnit.NANOSECONDS);
                return result;
              };
          p =
              (a.ordered() ? p.mapAsync(a.concurrency(), fn) : p.mapAsyncUnordered(a.concurrency(), fn))
                  .named(name);
        }
        case LimitOp l -> p = p.limit(l.max()).named(name);
      }
    }
    return p;
  }

  // ------------------------------------------------------------------ running

  /** Runs the scenario's ending on a thread of its own, failing instead of hanging. */
  private void runWithDeadline(
      Scenario s, Pipeline<Long> pipeline, Trace trace, TrackingThreadFactory threads)
      throws InterruptedException {
    AtomicReference<Throwable> harnessError = new AtomicReference<>();
    Thread runner =
        Thread.ofPlatform()
            .daemon()
            .name("property-runner")
            .start(
                () -> {
                  try {
                    end(s, pipeline, trace);
                  } catch (Throwable e) {
                    harnessError.set(e);
                  }
                });
    runner.join(Duration.ofSeconds(30));
    if (runner.isAlive()) {
      StringBuilder dump = new StringBuilder("the run did not end within 30 s: " + s + "\n");
      for (Thread t : threads.alive()) {
        dump.append(t).append('\n');
        for (StackTraceElement e : t.getStackTrace()) {
          dump.append("    at ").append(e).append('\n');
        }
      }
      throw new AssertionError(dump.toString());
    }
    if (harnessError.get() != null) {
      throw new AssertionError("the test harness failed", harnessError.get());
    }
  }

  private void end(Scenario s, Pipeline<Long> pipeline, Trace trace) {
    try {
      switch (s.ending()) {
        case TO_LIST -> trace.received.addAll(pipeline.toList());
        case START -> pipeline.start(trace.received::add).await();
        case DRAIN_CONCURRENTLY -> pipeline.drain(s.drainConcurrency(), trace.received::add);
        case ITERATOR -> {
          try (CloseableIterator<Long> it = pipeline.iterator()) {
            it.forEachRemaining(trace.received::add);
          }
        }
        case ITERATOR_CLOSE -> {
          try (CloseableIterator<Long> it = pipeline.iterator()) {
            while (trace.received.size() < s.stopAfter() && it.hasNext()) {
              trace.received.add(it.next());
            }
            if (trace.received.size() == s.stopAfter()) {
              trace.stoppedEarly = true; // closed before the end, whether or not more came
            }
          }
        }
        case RUN_CANCEL -> {
          CountDownLatch reached = new CountDownLatch(s.stopAfter());
          Run<Long> run =
              pipeline.start(
                  x -> {
                    trace.received.add(x);
                    reached.countDown();
                  });
          Await.until("stop point or end", () -> reached.getCount() == 0 || run.isDone());
          run.cancel();
          run.await();
        }
      }
    } catch (PipelineException | CancellationException e) {
      trace.thrown = e;
    }
  }
}
