package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ConcurrencyMeter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Seed 004: layers, {@code pipeline(Layer(gen), Layer(work, 8), Layer(collect))}, joined by
 * bounded queues so a full queue blocks the layer before it. Sluice has no separate Layer API:
 * the same thing is {@code generate(gen).buffer(q).mapUnordered(8, work).buffer(q)
 * .drain(collect)}, scaling only the middle layer.
 */
class Seed004LayersTest {
  private static final int ITEMS = 400;
  private static final int QUEUE = 16;
  private static final int WORKERS = 8;

  @Test
  void layers_scaleOnlyTheMiddleLayer_andBoundWhatTheGeneratorRunsAhead() {
    ConcurrencyMeter gen = new ConcurrencyMeter();
    ConcurrencyMeter work = new ConcurrencyMeter();
    ConcurrencyMeter collect = new ConcurrencyMeter();
    AtomicLong generated = new AtomicLong();
    AtomicLong collected = new AtomicLong();
    AtomicLong maxAhead = new AtomicLong();
    Set<Long> seen = new HashSet<>(); // touched by the collect layer only: one call at a time
    List<List<StageMetrics>> progress = new ArrayList<>();

    Run<Long> run =
        Pipeline.generate(
                () -> {
                  gen.enter();
                  try {
                    long i = generated.get();
                    if (i >= ITEMS) {
                      return null;
                    }
                    generated.incrementAndGet();
                    return i;
                  } finally {
                    gen.exit();
                  }
                })
            .named("gen")
            .buffer(QUEUE)
            .mapUnordered(
                WORKERS,
                x -> {
                  work.enter();
                  try {
                    Thread.sleep(1);
                    return x;
                  } finally {
                    work.exit();
                  }
                })
            .named("work")
            .buffer(QUEUE)
            .start(
                x -> {
                  collect.enter();
                  try {
                    maxAhead.accumulateAndGet(generated.get() - collected.get(), Math::max);
                    assertThat(seen.add(x)).as("item %s collected once", x).isTrue();
                    collected.incrementAndGet();
                  } finally {
                    collect.exit();
                  }
                });
    while (!run.await(java.time.Duration.ofMillis(20))) {
      progress.add(run.metrics());
    }
    assertThat(run.await()).isEqualTo(ITEMS);

    assertThat(seen).hasSize(ITEMS);
    assertThat(gen.max()).isEqualTo(1);
    assertThat(collect.max()).isEqualTo(1);
    assertThat(work.max()).isBetween(2, WORKERS);
    // Between the generator and the collector: the generator's held item + queue + the first
    // buffer's outlet holding one + window (256) + the work layer's outlet holding one + queue
    // + the collector's item.
    assertThat(maxAhead.get()).isLessThanOrEqualTo(1 + QUEUE + 1 + 256 + 1 + QUEUE + 1);
    // Progress: the live counters only grow, and the last snapshot is complete.
    List<StageMetrics> last = run.metrics();
    assertThat(last.stream().map(StageMetrics::name))
        .containsExactly("gen", "buffer#1", "work", "buffer#2", "drain");
    assertThat(last.get(2).in()).isEqualTo(ITEMS);
    assertThat(last.get(2).out()).isEqualTo(ITEMS);
    assertThat(last.get(4).out()).isEqualTo(ITEMS);
    for (int i = 1; i < progress.size(); i++) {
      for (int stage = 0; stage < last.size(); stage++) {
        assertThat(progress.get(i).get(stage).out())
            .isGreaterThanOrEqualTo(progress.get(i - 1).get(stage).out());
      }
    }
  }
}
