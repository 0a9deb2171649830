package dev.sluice.internal.jfr;

import dev.sluice.internal.StageStats;

/**
 * Emits Sluice's JDK Flight Recorder events. Each method costs a check of whether the event is
 * enabled (the JIT folds it) when no recording wants it. Events:
 *
 * <ul>
 *   <li>{@code dev.sluice.StageCall}: a call of the user's function, with its stage and latency
 *       (off by default: enable it in the recording, it is one event per call);
 *   <li>{@code dev.sluice.Batch}: a batch leaving a timed batching stage, with its size;
 *   <li>{@code dev.sluice.Retry}: a failed attempt that will be tried again;
 *   <li>{@code dev.sluice.Skip}: an item sent to a dead-letter sink;
 *   <li>{@code dev.sluice.RateLimitWait}: a thread that waited for rate-limiter permits.
 * </ul>
 *
 * Thread-safe: call from any thread.
 */
public final class SluiceEvents {
  private SluiceEvents() {}

  /** One call of the user's function in {@code stats}' stage took {@code nanos}. */
  public static void call(StageStats stats, long nanos) {
    calls(stats, 1, nanos);
  }

  /** {@code calls} calls timed together took {@code nanos} in all (one event, average latency). */
  public static void calls(StageStats stats, long calls, long nanos) {
    StageCallEvent event = new StageCallEvent();
    if (event.isEnabled()) {
      event.stage = stats.name();
      event.calls = calls;
      event.latency = nanos / Math.max(1, calls);
      event.commit();
    }
  }

  /** A batch of {@code size} items left the stage; {@code partial} when it was not full. */
  public static void batch(StageStats stats, int size, boolean partial) {
    BatchEvent event = new BatchEvent();
    if (event.isEnabled()) {
      event.stage = stats.name();
      event.size = size;
      event.partial = partial;
      event.commit();
    }
  }

  /**
   * Attempt {@code attempt} (from 1) on the item at {@code position} failed with {@code cause}
   * and will be tried again after {@code delayNanos}.
   */
  public static void retry(
      StageStats stats, long position, int attempt, Throwable cause, long delayNanos) {
    RetryEvent event = new RetryEvent();
    if (event.isEnabled()) {
      event.stage = stats.name();
      event.position = position;
      event.attempt = attempt;
      event.delay = delayNanos;
      event.cause = String.valueOf(cause);
      event.commit();
    }
  }

  /** The item at {@code position} failed for good with {@code cause} and went to a dead letter. */
  public static void skipped(StageStats stats, long position, Throwable cause) {
    SkipEvent event = new SkipEvent();
    if (event.isEnabled()) {
      event.stage = stats.name();
      event.position = position;
      event.cause = String.valueOf(cause);
      event.commit();
    }
  }

  /** A thread waited {@code nanos} (ticker time) for {@code weight} permits; none if it did not wait. */
  public static void rateLimitWait(int weight, long nanos) {
    if (nanos <= 0) {
      return;
    }
    RateLimitWaitEvent event = new RateLimitWaitEvent();
    if (event.isEnabled()) {
      event.weight = weight;
      event.waited = nanos;
      event.commit();
    }
  }
}
