package dev.sluice;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Arguments are checked when the pipeline is built, not when it runs: a bad number throws
 * {@link IllegalArgumentException} and a null throws {@link NullPointerException}, each naming
 * the parameter.
 */
class ArgumentChecksTest {
  private static final Pipeline<Integer> P = Pipeline.of(1, 2, 3);
  private static final Executor DIRECT = Runnable::run;

  static Stream<Arguments> badNumbers() {
    return Stream.of(
        Arguments.of("mapConcurrent(0)", "concurrency", call(() -> P.mapConcurrent(0, x -> x))),
        Arguments.of("mapConcurrent(-1)", "concurrency", call(() -> P.mapConcurrent(-1, x -> x))),
        Arguments.of("mapUnordered(0)", "concurrency", call(() -> P.mapUnordered(0, x -> x))),
        Arguments.of("mapAsync(0)", "concurrency", call(() -> P.mapAsync(0, x -> null))),
        Arguments.of(
            "mapAsyncUnordered(0)", "concurrency", call(() -> P.mapAsyncUnordered(0, x -> null))),
        Arguments.of("mapCpu(0, executor)", "concurrency", call(() -> P.mapCpu(0, DIRECT, x -> x))),
        Arguments.of("batch(0)", "size", call(() -> P.batch(0))),
        Arguments.of("batch(-5)", "size", call(() -> P.batch(-5))),
        Arguments.of("batch(0, maxWait)", "size", call(() -> P.batch(0, Duration.ofSeconds(1)))),
        Arguments.of("batch(1, zero)", "maxWait", call(() -> P.batch(1, Duration.ZERO))),
        Arguments.of("batch(1, negative)", "maxWait", call(() -> P.batch(1, Duration.ofMillis(-1)))),
        Arguments.of("buffer(0)", "capacity", call(() -> P.buffer(0))),
        Arguments.of("limit(-1)", "max", call(() -> P.limit(-1))),
        Arguments.of("drain(0, sink)", "concurrency", call(() -> P.drain(0, x -> {}))),
        Arguments.of("epochs(items, 0)", "epochs", call(() -> Pipeline.epochs(List.of(1), 0))),
        Arguments.of("new Feed(0)", "capacity", call(() -> new Feed<Integer>(0))),
        Arguments.of("named(blank)", "stageName", call(() -> P.named(" "))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badNumbers")
  void badNumber_throwsIllegalArgumentException_namingTheParameter(
      String call, String parameter, ThrowingCallable callable) {
    assertThatThrownBy(callable)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(parameter);
  }

  static Stream<Arguments> nulls() {
    return Stream.of(
        Arguments.of("map(null)", "function", call(() -> P.map(null))),
        Arguments.of("filter(null)", "predicate", call(() -> P.filter(null))),
        Arguments.of("flatMap(null)", "function", call(() -> P.flatMap(null))),
        Arguments.of("peek(null)", "action", call(() -> P.peek(null))),
        Arguments.of("mapConcurrent(1, null)", "function", call(() -> P.mapConcurrent(1, null))),
        Arguments.of("mapUnordered(1, null)", "function", call(() -> P.mapUnordered(1, null))),
        Arguments.of("mapAsync(1, null)", "function", call(() -> P.mapAsync(1, null))),
        Arguments.of(
            "mapAsyncUnordered(1, null)", "function", call(() -> P.mapAsyncUnordered(1, null))),
        Arguments.of("mapCpu(null)", "function", call(() -> P.mapCpu(null))),
        Arguments.of("mapCpu(1, null, f)", "executor", call(() -> P.mapCpu(1, null, x -> x))),
        Arguments.of("mapCpu(1, executor, null)", "function", call(() -> P.mapCpu(1, DIRECT, null))),
        Arguments.of("batch(1, null)", "maxWait", call(() -> P.batch(1, null))),
        Arguments.of("named(null)", "stageName", call(() -> P.named(null))),
        Arguments.of("withTicker(null)", "ticker", call(() -> P.withTicker(null))),
        Arguments.of(
            "withThreadFactory(null)", "threadFactory", call(() -> P.withThreadFactory(null))),
        Arguments.of("drain(null)", "sink", call(() -> P.drain(null))),
        Arguments.of("drain(2, null)", "sink", call(() -> P.drain(2, null))),
        Arguments.of("forEach(null)", "action", call(() -> P.forEach(null))),
        Arguments.of("fold(0, null)", "folder", call(() -> P.fold(0, null))),
        Arguments.of("reduce(null)", "reducer", call(() -> P.reduce(null))),
        Arguments.of("start(null)", "sink", call(() -> P.start(null))),
        Arguments.of(
            "from((Iterable) null)", "items", call(() -> Pipeline.from((Iterable<Integer>) null))),
        Arguments.of(
            "from((Iterator) null)", "items", call(() -> Pipeline.from((Iterator<Integer>) null))),
        Arguments.of(
            "from((Stream) null)", "items", call(() -> Pipeline.from((Stream<Integer>) null))),
        Arguments.of("from((Feed) null)", "feed", call(() -> Pipeline.from((Feed<Integer>) null))),
        Arguments.of(
            "from((Publisher) null)",
            "publisher",
            call(() -> Pipeline.from((Flow.Publisher<Integer>) null))),
        Arguments.of("generate(null)", "generator", call(() -> Pipeline.generate(null))),
        Arguments.of("fromQueue(null, end)", "queue", call(() -> Pipeline.fromQueue(null, 1))),
        Arguments.of(
            "fromQueue(queue, null)",
            "endMarker",
            call(() -> Pipeline.fromQueue(new LinkedBlockingQueue<Integer>(), null))),
        Arguments.of("lines(null)", "file", call(() -> Pipeline.lines((Path) null))),
        Arguments.of("epochs(null, 1)", "items", call(() -> Pipeline.epochs(null, 1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nulls")
  void nullArgument_throwsNullPointerException_namingTheParameter(
      String call, String parameter, ThrowingCallable callable) {
    assertThatThrownBy(callable)
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining(parameter);
  }

  @Test
  void nullItem_inOf_isRejectedAtBuildTime() {
    assertThatThrownBy(() -> Pipeline.of(1, null, 3)).isInstanceOf(NullPointerException.class);
  }

  private static ThrowingCallable call(ThrowingCallable callable) {
    return callable;
  }
}
