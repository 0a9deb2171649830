package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The terminal operations, over sizes 0, 1, small and large, through stages of several
 * concurrency levels: the results are those of the plain sequential computation.
 */
class TerminalsTest {

  /** A stage between the source and the terminal: what it does to x, and whether ordered. */
  record Shape(String name, boolean ordered, Function<Pipeline<Long>, Pipeline<Long>> apply) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (int size : new int[] {0, 1, 7, 10_000}) {
      for (int n : new int[] {1, 4, 64}) {
        cases.add(Arguments.of(size, new Shape("mapConcurrent(" + n + ")", true, p -> p.mapConcurrent(n, x -> x * 2))));
        cases.add(Arguments.of(size, new Shape("mapUnordered(" + n + ")", false, p -> p.mapUnordered(n, x -> x * 2))));
        cases.add(
            Arguments.of(
                size,
                new Shape(
                    "mapAsync(" + n + ")",
                    true,
                    p -> p.mapAsync(n, x -> java.util.concurrent.CompletableFuture.completedFuture(x * 2)))));
        cases.add(
            Arguments.of(
                size,
                new Shape("buffer(" + n + ")", true, p -> p.buffer(n).map(x -> x * 2))));
      }
      cases.add(Arguments.of(size, new Shape("fused map", true, p -> p.map(x -> x * 2))));
      cases.add(Arguments.of(size, new Shape("mapCpu", true, p -> p.mapCpu(x -> x * 2))));
    }
    return cases.stream();
  }

  private static List<Long> expected(int size) {
    return LongStream.range(0, size).map(x -> x * 2).boxed().toList();
  }

  @ParameterizedTest(name = "{0} items, {1}")
  @MethodSource("cases")
  void toList_equalsTheSequentialResult(int size, Shape shape) {
    List<Long> got = shape.apply().apply(Pipeline.range(0, size)).toList();
    if (shape.ordered()) {
      assertThat(got).isEqualTo(expected(size));
    } else {
      assertThat(got).containsExactlyInAnyOrderElementsOf(expected(size));
    }
  }

  @ParameterizedTest(name = "{0} items, {1}")
  @MethodSource("cases")
  void countFoldAndReduce_equalTheSequentialResults(int size, Shape shape) {
    Pipeline<Long> p = shape.apply().apply(Pipeline.range(0, size));
    long sum = expected(size).stream().mapToLong(Long::longValue).sum();
    assertThat(p.count()).isEqualTo(size);
    assertThat(p.fold(0L, Long::sum)).isEqualTo(sum);
    assertThat(p.reduce(Long::sum)).isEqualTo(size == 0 ? Optional.empty() : Optional.of(sum));
    if (shape.ordered()) {
      // A fold that is not commutative sees the stream order.
      assertThat(p.fold(new ArrayList<Long>(), (list, x) -> {
            list.add(x);
            return list;
          }))
          .isEqualTo(expected(size));
      assertThat(p.reduce((a, b) -> b)).isEqualTo(size == 0 ? Optional.empty() : Optional.of(2L * (size - 1)));
    }
  }

  @ParameterizedTest(name = "{0} items, {1}")
  @MethodSource("cases")
  void iteratorStreamForEachDrainAndStart_seeEveryItem(int size, Shape shape) {
    Pipeline<Long> p = shape.apply().apply(Pipeline.range(0, size));
    List<Long> viaIterator = new ArrayList<>();
    try (CloseableIterator<Long> it = p.iterator()) {
      it.forEachRemaining(viaIterator::add);
    }
    List<Long> viaStream;
    try (Stream<Long> s = p.stream()) {
      viaStream = s.toList();
    }
    List<Long> viaForEach = new ArrayList<>();
    p.forEach(viaForEach::add);
    List<Long> viaDrain = Collections.synchronizedList(new ArrayList<>());
    assertThat(p.drain(3, viaDrain::add)).isEqualTo(size);
    List<Long> viaStart = new ArrayList<>();
    assertThat(p.start(viaStart::add).await()).isEqualTo(size);
    assertThat(p.start().await()).isEqualTo(size);

    for (List<Long> got : List.of(viaIterator, viaStream, viaForEach, viaStart)) {
      if (shape.ordered()) {
        assertThat(got).isEqualTo(expected(size));
      } else {
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected(size));
      }
    }
    assertThat(viaDrain).containsExactlyInAnyOrderElementsOf(expected(size));
  }

  @Test
  void reduce_ofOneItem_isThatItem_withoutCallingTheReducer() {
    AtomicLong calls = new AtomicLong();
    assertThat(
            Pipeline.of(42)
                .reduce(
                    (a, b) -> {
                      calls.incrementAndGet();
                      return a + b;
                    }))
        .contains(42);
    assertThat(calls.get()).isZero();
  }

  @Test
  void fold_withNullInitialValue_isAllowed() {
    assertThat(Pipeline.of("a", "b").fold((String) null, (acc, x) -> acc == null ? x : acc + x))
        .isEqualTo("ab");
  }

  @Test
  void toList_returnsAMutableList() {
    List<Integer> list = Pipeline.of(1, 2).toList();
    list.add(3);
    assertThat(list).containsExactly(1, 2, 3);
  }
}
