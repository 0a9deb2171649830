package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class ProgressTest {

  /** A print stream into memory, and what was printed so far. */
  private static final class Captured {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }

  private static StageMetrics metrics(String name, long in, long out, long inFlight, long queued) {
    return new StageMetrics(name, in, out, inFlight, 0, 0, 0, queued, 0, 0, 0, 0, 0);
  }

  private static Progress progress(long count, OptionalLong total, double rate, boolean done) {
    Optional<Duration> eta =
        total.isPresent() && rate > 0
            ? Optional.of(Duration.ofSeconds((long) ((total.getAsLong() - count) / rate)))
            : Optional.empty();
    return new Progress(
        Duration.ofSeconds(75),
        count,
        total,
        rate,
        eta,
        List.of(
            metrics("from", 0, count, 0, 0),
            metrics("enrich", count, count - 10, 16, 10),
            metrics("drain", count - 10, count - 10, 0, 0)),
        done);
  }

  @Test
  void line_exactFormat() {
    assertThat(progress(4000, OptionalLong.of(10000), 812.34, false).line())
        .isEqualTo(
            "progress 4000/10000 40.0% 812.3/s eta 0:07 elapsed 1:15 | from 4000"
                + " | enrich 3990 (16 in flight, 10 queued) | drain 3990");
    assertThat(progress(4000, OptionalLong.empty(), 53.0, false).line())
        .isEqualTo(
            "progress 4000 53.0/s elapsed 1:15 | from 4000 | enrich 3990 (16 in flight, 10 queued)"
                + " | drain 3990");
    assertThat(progress(10000, OptionalLong.of(10000), 133.3, true).line())
        .isEqualTo(
            "done 10000/10000 100.0% 133.3/s elapsed 1:15 | from 10000"
                + " | enrich 9990 (16 in flight, 10 queued) | drain 9990");
    assertThat(Progress.clock(Duration.ofSeconds(3 * 3600 + 7 * 60 + 5))).isEqualTo("3:07:05");
  }

  /**
   * A run on a manual ticker: the source stops at item 5 until released, the ticker moves one
   * interval, a line is printed; then the run ends and the last line is printed.
   */
  @Test
  void lines_printsPeriodicLinesAndALastLine_withoutControlCharacters() throws Exception {
    ManualTicker ticker = new ManualTicker();
    Captured captured = new Captured();
    CountDownLatch atFive = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Run<Long> run =
        Pipeline.from(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9))
            .map(
                x -> {
                  if (x == 5) {
                    atFive.countDown();
                    release.await();
                  }
                  return x;
                })
            .withTicker(ticker)
            .withProgress(Progress.lines(captured.out, Duration.ofSeconds(10)))
            .start(x -> {});
    atFive.await();
    assertThat(captured.text()).isEmpty();
    ticker.advance(Duration.ofSeconds(10));
    while (captured.text().isEmpty()) {
      Thread.sleep(1);
    }
    release.countDown();
    assertThat(run.await()).isEqualTo(10);
    String text = captured.text();
    assertThat(text.lines().toList())
        .containsExactly(
            "progress 6/10 60.0% 0.6/s eta 0:06 elapsed 0:10 | from 6 | map 5 | drain 5",
            "done 10/10 100.0% 1.0/s elapsed 0:10 | from 10 | map 10 | drain 10");
    for (char c : text.toCharArray()) {
      assertThat(c == '\n' || c >= ' ').as("control character %d in CI output", (int) c).isTrue();
    }
  }

  @Test
  void bar_drawsAndRedrawsInPlace() {
    Captured captured = new Captured();
    ProgressListener bar = Progress.bar(captured.out);
    assertThat(bar.interval()).isEqualTo(Duration.ofMillis(200));
    bar.onProgress(progress(4000, OptionalLong.of(10000), 812.3, false));
    String first = captured.text();
    assertThat(first)
        .isEqualTo(
            "\r[############------------------]  40% 4000/10000 812.3/s ETA 0:07\033[K\n"
                + "  from    in 0  out 4000\033[K\n"
                + "  enrich  in 4000  out 3990  in flight 16  queued 10\033[K\n"
                + "  drain   in 3990  out 3990\033[K");
    bar.onProgress(progress(10000, OptionalLong.of(10000), 133.3, true));
    String second = captured.text().substring(first.length());
    // back to the first line of the frame (up three lines), redraw, and end with a newline
    assertThat(second).startsWith("\r\033[3A[##############################] 100% 10000/10000 133.3/s done in 1:15\033[K\n");
    assertThat(second).endsWith("  drain   in 9990  out 9990\033[K\n");
  }

  @Test
  void bar_withoutTotal_showsCountRateAndElapsed() {
    Captured captured = new Captured();
    Progress.bar(captured.out).onProgress(progress(42, OptionalLong.empty(), 2.5, false));
    assertThat(captured.text()).startsWith("\r42 items 2.5/s elapsed 1:15\033[K\n");
  }

  @Test
  void bar_inARun_endsWithTheFinalFrame() {
    Captured captured = new Captured();
    long n = Pipeline.range(0, 1000).mapConcurrent(4, x -> x).withProgress(Progress.bar(captured.out)).count();
    assertThat(n).isEqualTo(1000);
    String text = captured.text();
    assertThat(text).contains("\r").contains("] 100% 1000/1000").contains(" done in ").endsWith("\n");
    assertThat(text).contains("  mapConcurrent  in 1000  out 1000");
  }

  @Test
  void auto_withoutAConsole_printsPlainLines() {
    assumeTrue(System.console() == null, "a console is attached");
    Captured captured = new Captured();
    ProgressListener auto = Progress.auto(captured.out);
    assertThat(auto.interval()).isEqualTo(Duration.ofSeconds(10));
    auto.onProgress(progress(1, OptionalLong.of(2), 1, false));
    assertThat(captured.text()).startsWith("progress 1/2 50.0%").doesNotContain("\r");
  }

  @Test
  void listener_receivesSnapshots_andTheThreadEndsWithTheRun() throws Exception {
    List<Progress> snapshots = new CopyOnWriteArrayList<>();
    List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    ThreadFactory tracking =
        task -> {
          Thread thread = Thread.ofVirtual().unstarted(task);
          threads.add(thread);
          return thread;
        };
    ManualTicker ticker = new ManualTicker();
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void onProgress(Progress progress) {
            snapshots.add(progress);
          }

          @Override
          public Duration interval() {
            return Duration.ofMillis(100);
          }
        };
    CountDownLatch release = new CountDownLatch(1);
    Run<Long> run =
        Pipeline.range(0, 50)
            .map(
                x -> {
                  if (x == 20) {
                    release.await();
                  }
                  return x;
                })
            .withThreadFactory(tracking)
            .withTicker(ticker)
            .withProgress(listener)
            .start();
    while (snapshots.isEmpty()) {
      ticker.advance(Duration.ofMillis(100));
      Thread.sleep(1);
    }
    release.countDown();
    run.await();
    Progress last = snapshots.getLast();
    assertThat(last.done()).isTrue();
    assertThat(last.count()).isEqualTo(50);
    assertThat(last.total()).hasValue(50);
    assertThat(last.fraction()).hasValue(1.0);
    assertThat(last.stages()).extracting(StageMetrics::name).containsExactly("range", "map", "count");
    assertThat(snapshots.getFirst().done()).isFalse();
    assertThat(snapshots.getFirst().elapsed()).isPositive();
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(30));
      assertThat(thread.isAlive()).as("%s still alive", thread).isFalse();
    }
    assertThat(threads).anyMatch(t -> t.getName().equals("sluice-progress"));
  }

  @Test
  void cancelledRun_stillGetsALastSnapshot() throws Exception {
    List<Progress> snapshots = new CopyOnWriteArrayList<>();
    Run<Long> run =
        Pipeline.generate(() -> 1).withProgress(snapshots::add).start();
    while (run.metrics().getFirst().out() < 10) {
      Thread.sleep(1);
    }
    run.cancel();
    assertThatThrownBy(run::await).isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(snapshots).isNotEmpty();
    assertThat(snapshots.getLast().done()).isTrue();
    assertThat(snapshots.getLast().total()).isEmpty();
  }

  @Test
  void failingListener_failsTheRun() {
    assertThatThrownBy(
            () ->
                Pipeline.of(1, 2)
                    .withProgress(
                        p -> {
                          throw new IllegalStateException("listener broke");
                        })
                    .toList())
        .isInstanceOf(PipelineException.class)
        .hasRootCauseMessage("listener broke");
  }

  @Test
  void nothingIsPrintedUnlessAsked() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    Captured captured = new Captured();
    System.setOut(captured.out);
    System.setErr(captured.out);
    try {
      Pipeline.range(0, 1000).mapConcurrent(4, x -> x).buffer(8).toList();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertThat(captured.text()).isEmpty();
  }

  @Test
  void badArguments() {
    assertThatThrownBy(() -> Progress.lines(System.out, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("every must be positive, was PT0S");
    assertThatThrownBy(() -> Progress.bar(null)).isInstanceOf(NullPointerException.class).hasMessage("out");
    ProgressListener never =
        new ProgressListener() {
          @Override
          public void onProgress(Progress progress) {}

          @Override
          public Duration interval() {
            return Duration.ofSeconds(-1);
          }
        };
    assertThatThrownBy(() -> Pipeline.of(1).withProgress(never))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("listener.interval() must be positive, was PT-1S");
  }
}
