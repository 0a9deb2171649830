package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.testing.Await;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sources: files, iterables, iterators, streams, generators, queues, feeds, epochs. */
class SourcesTest {
  @TempDir Path dir;

  private Path write(String name, byte[]... parts) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      bytes.write(part);
    }
    Path file = dir.resolve(name);
    Files.write(file, bytes.toByteArray());
    return file;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ lines(Path)

  @Test
  void lines_readsLinesWithoutTheirEndings_LFAndCRLF_andAFinalLineWithoutNewline()
      throws Exception {
    Path file = write("mixed.txt", utf8("alpha\nbeta\r\n\ngamma é ✓ 😀\r\nlast"));
    assertThat(Pipeline.lines(file).toList())
        .containsExactly("alpha", "beta", "", "gamma é ✓ 😀", "last");
  }

  @Test
  void lines_yieldsNothing_forAnEmptyFile() throws Exception {
    assertThat(Pipeline.lines(write("empty.txt")).toList()).isEmpty();
  }

  @Test
  void lines_readsTheFileAnew_eachRun() throws Exception {
    Path file = write("again.txt", utf8("a\nb\n"));
    Pipeline<String> lines = Pipeline.lines(file);
    assertThat(lines.toList()).containsExactly("a", "b");
    Files.writeString(file, "c\n");
    assertThat(lines.toList()).containsExactly("c");
  }

  @Test
  void lines_handlesLinesLongerThanTheReadBuffer() throws Exception {
    String longLine = "x".repeat(200_000);
    Path file = write("long.txt", utf8("short\n" + longLine + "\nend"));
    assertThat(Pipeline.lines(file).map(String::length).toList())
        .containsExactly(5, 200_000, 3);
  }

  @Test
  void lines_withInvalidUtf8_failsNamingFileLineAndColumn() throws Exception {
    // Line 3, byte 5 is 0xFF, which never occurs in UTF-8.
    Path file =
        write(
            "bad.txt",
            utf8("first\nsecond\nabcd"),
            new byte[] {(byte) 0xFF},
            utf8("efg\nfourth\n"));
    PipelineException failure =
        catchThrowableOfType(PipelineException.class, () -> Pipeline.lines(file).toList());
    assertThat(failure).hasMessageContaining(file + ":3:5");
    assertThat(failure.stage()).isEqualTo("lines");
    assertThat(failure.position()).isEqualTo(2); // two good lines came before
  }

  @Test
  void lines_withATruncatedMultiByteSequence_atTheEndOfTheFile_namesItsColumn() throws Exception {
    // "ab" then the first two bytes of the three-byte "€" (E2 82 AC), and no newline.
    Path file = write("torn.txt", utf8("ok\nab"), new byte[] {(byte) 0xE2, (byte) 0x82});
    assertThatThrownBy(() -> Pipeline.lines(file).toList())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining(file + ":2:3");
  }

  @Test
  void lines_deliversTheGoodLines_beforeTheBadOne() throws Exception {
    Path file = write("partly.txt", utf8("one\ntwo\n"), new byte[] {(byte) 0xC3, '(', '\n'});
    List<String> seen = new ArrayList<>();
    assertThatThrownBy(() -> Pipeline.lines(file).forEach(seen::add))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining(file + ":3:1");
    assertThat(seen).containsExactly("one", "two");
  }

  @Test
  void lines_ofAMissingFile_failsTheRun_withTheCause() {
    Path missing = dir.resolve("missing.txt");
    assertThatThrownBy(() -> Pipeline.lines(missing).toList())
        .isInstanceOf(PipelineException.class)
        .hasRootCauseInstanceOf(NoSuchFileException.class);
  }

  // ------------------------------------------------------------------ one run or many

  @Test
  void fromIterator_cannotRunTwice() {
    Pipeline<Integer> once = Pipeline.from(List.of(1, 2, 3).iterator());
    assertThat(once.toList()).containsExactly(1, 2, 3);
    Throwable second = org.assertj.core.api.Assertions.catchThrowable(once::toList);
    assertThat(second).isNotNull();
    Throwable reason = second instanceof PipelineException ? second.getCause() : second;
    assertThat(reason).isInstanceOf(IllegalStateException.class).hasMessageContaining("one run");
  }

  @Test
  void fromIterator_cannotRunTwice_evenIfTheFirstRunStoppedEarly() {
    Iterator<Integer> items = IntStream.range(0, 100).iterator();
    Pipeline<Integer> once = Pipeline.from(items);
    assertThat(once.limit(3).toList()).containsExactly(0, 1, 2);
    assertThatThrownBy(once::count).hasStackTraceContaining("one run");
  }

  @Test
  void fromStream_cannotRunTwice() {
    Pipeline<Integer> once = Pipeline.from(Stream.of(1, 2));
    assertThat(once.count()).isEqualTo(2);
    assertThatThrownBy(once::count).hasStackTraceContaining("one run");
  }

  @Test
  void fromIterable_runsManyTimes() {
    Pipeline<Integer> many = Pipeline.from(List.of(1, 2, 3)).mapConcurrent(2, x -> x * 10);
    for (int i = 0; i < 5; i++) {
      assertThat(many.toList()).containsExactly(10, 20, 30);
    }
  }

  @Test
  void generate_endsAtNull_andIsCalledAnewEachRun() {
    AtomicInteger next = new AtomicInteger();
    Pipeline<Integer> upToThree =
        Pipeline.generate(() -> next.get() < 3 ? next.incrementAndGet() : null);
    assertThat(upToThree.toList()).containsExactly(1, 2, 3);
    next.set(1);
    assertThat(upToThree.toList()).containsExactly(2, 3);
  }

  @Test
  void range_countsUp_andIsEmptyWhenStartIsNotBelowEnd() {
    assertThat(Pipeline.range(3, 7).toList()).containsExactly(3L, 4L, 5L, 6L);
    assertThat(Pipeline.range(5, 5).toList()).isEmpty();
    assertThat(Pipeline.range(9, 2).toList()).isEmpty();
  }

  @Test
  void fromQueue_takesItemsUntilTheEndMarker_andLeavesTheRest() {
    LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>(List.of("a", "b", "END", "c"));
    assertThat(Pipeline.fromQueue(queue, "END").toList()).containsExactly("a", "b");
    assertThat(queue).containsExactly("c");
  }

  @Test
  void fromQueue_waitsForItems_thatArriveLater() throws Exception {
    LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
    Thread producer =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    queue.add(i);
                    Thread.yield();
                  }
                  queue.add(-1);
                });
    assertThat(Pipeline.fromQueue(queue, -1).mapConcurrent(4, x -> x).toList())
        .isEqualTo(IntStream.range(0, 100).boxed().toList());
    producer.join();
  }

  // ------------------------------------------------------------------ Feed

  @Test
  void feed_deliversEverythingPutBeforeClose_inOrder() throws Exception {
    Feed<Integer> feed = new Feed<>(4);
    Thread producer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < 1000; i++) {
                      feed.put(i);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } finally {
                    feed.close();
                  }
                });
    assertThat(Pipeline.from(feed).buffer(3).toList())
        .isEqualTo(IntStream.range(0, 1000).boxed().toList());
    producer.join();
  }

  @Test
  void feed_rejectsPutsAfterClose_andNulls_andClosesIdempotently() throws Exception {
    Feed<Integer> feed = new Feed<>(2);
    feed.put(1);
    feed.close();
    feed.close();
    assertThatThrownBy(() -> feed.put(2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Feed<Integer>(1).put(null))
        .isInstanceOf(NullPointerException.class);
    assertThat(Pipeline.from(feed).toList()).containsExactly(1);
  }

  @Test
  void feed_close_wakesAProducerBlockedOnAFullFeed() throws Exception {
    Feed<Integer> feed = new Feed<>(1);
    feed.put(0);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread producer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    feed.put(1);
                  } catch (Throwable e) {
                    thrown.set(e);
                  }
                });
    Await.blocked(producer);
    feed.close();
    producer.join(Await.LONG);
    assertThat(thrown.get()).isInstanceOf(IllegalStateException.class);
  }

  // ------------------------------------------------------------------ epochs (seed 003)

  @Test
  void epochs_repeatTheItems_andBatchesMaySpanAnEpochBoundary() {
    assertThat(Pipeline.epochs(List.of(1, 2, 3, 4, 5), 3).batch(4).toList())
        .containsExactly(
            List.of(1, 2, 3, 4),
            List.of(5, 1, 2, 3),
            List.of(4, 5, 1, 2),
            List.of(3, 4, 5));
  }

  @Test
  void epochs_failTheRun_whenAnEpochIsShorterThanTheFirst() {
    AtomicInteger iterations = new AtomicInteger();
    Iterable<Integer> shrinking =
        () -> IntStream.range(0, iterations.incrementAndGet() == 1 ? 4 : 2).iterator();
    assertThatThrownBy(() -> Pipeline.epochs(shrinking, 2).toList())
        .isInstanceOf(PipelineException.class)
        .hasStackTraceContaining("the first epoch had 4 items");
  }
}
