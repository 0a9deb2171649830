package dev.sluice.bench;

import java.util.function.Function;

/**
 * A function that keeps a core busy for a fixed amount of work, calibrated to take about a given
 * time on this machine. It does a fixed number of steps rather than spinning until a deadline:
 * a thread that the OS pauses then takes longer instead of doing less, so a parallel speed-up
 * cannot be faked by contention.
 */
public final class CpuWork implements Function<Long, Long> {
  private final int steps;

  private CpuWork(int steps) {
    this.steps = steps;
  }

  /** A function of exactly {@code steps} steps. */
  public static CpuWork ofSteps(int steps) {
    return new CpuWork(Math.max(1, steps));
  }

  /** A function calibrated on the calling thread to take about {@code micros} microseconds. */
  public static CpuWork calibrated(double micros) {
    int probe = 200_000;
    long best = Long.MAX_VALUE;
    long sink = 0;
    for (int round = 0; round < 30; round++) {
      long start = System.nanoTime();
      sink += spin(round, probe);
      best = Math.min(best, System.nanoTime() - start);
    }
    if (sink == 0) {
      throw new AssertionError("xorshift never reaches zero");
    }
    double nanosPerStep = (double) best / probe;
    return ofSteps((int) Math.round(micros * 1_000 / nanosPerStep));
  }

  public int steps() {
    return steps;
  }

  /** Returns {@code x + 1}, after the work. */
  @Override
  public Long apply(Long x) {
    // xorshift64 started from a non-zero state never reaches zero, but the JIT cannot know it,
    // so it has to do every step.
    return spin(x, steps) == 0 ? -1L : x + 1;
  }

  private static long spin(long seed, int steps) {
    long x = seed | 1;
    for (int i = 0; i < steps; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
    }
    return x;
  }
}
