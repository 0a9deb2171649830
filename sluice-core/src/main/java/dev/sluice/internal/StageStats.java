package dev.sluice.internal;

import dev.sluice.StageMetrics;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Live counters of one stage. {@code in} and {@code out} each have a single writer (the thread
 * that drives the stage's input, and the one that drives its output), so they are plain fields
 * written with opaque stores: no atomic instruction per item, yet readers on other threads see
 * recent values without tearing.
 */
public final class StageStats {
  private static final VarHandle IN;
  private static final VarHandle OUT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      IN = lookup.findVarHandle(StageStats.class, "in", long.class);
      OUT = lookup.findVarHandle(StageStats.class, "out", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String name;
  @SuppressWarnings("unused") // written through IN
  private long in;
  @SuppressWarnings("unused") // written through OUT
  private long out;
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong peakInFlight = new AtomicLong();
  private volatile int concurrency;
  private volatile long capacity;
  private final LongAdder failed = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder busyNanos = new LongAdder();
  private final LatencyHistogram latency = new LatencyHistogram();
  private volatile LongSupplier queued = () -> 0;

  public StageStats(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Counts items in; called only from the thread that pushes into the stage. */
  public void addIn(long n) {
    IN.setOpaque(this, (long) IN.getOpaque(this) + n);
  }

  /** Counts items out; called only from the thread that pushes out of the stage. */
  public void addOut(long n) {
    OUT.setOpaque(this, (long) OUT.getOpaque(this) + n);
  }

  public long in() {
    return (long) IN.getOpaque(this);
  }

  public long out() {
    return (long) OUT.getOpaque(this);
  }

  public void callsStarted(long n) {
    long now = inFlight.addAndGet(n);
    if (now > peakInFlight.get()) {
      peakInFlight.accumulateAndGet(now, Math::max);
    }
  }

  /**
   * Declares the stage's limits, for reports: the most calls it runs at once (0 when it makes
   * none) and the most items its hand-off holds (0 when it has none).
   */
  public void limits(int concurrency, long capacity) {
    this.concurrency = concurrency;
    this.capacity = capacity;
  }

  public void callsEnded(long n) {
    inFlight.addAndGet(-n);
  }

  public void failed() {
    failed.increment();
  }

  /** Counts an item that will be tried again. */
  public void retried() {
    retried.increment();
  }

  /** Counts an item that failed and was handed to a dead-letter sink instead of failing the run. */
  public void skipped() {
    skipped.increment();
  }

  /**
   * Records {@code calls} calls that took {@code nanos} in all: busy time, and the latency of
   * one call as their average (calls are timed per chunk to keep the clock off the hot path;
   * slow calls come one to a chunk, so their latency is exact).
   */
  public void callsTook(long calls, long nanos) {
    busyNanos.add(nanos);
    latency.record(nanos / Math.max(1, calls));
  }

  /** Tells the stats how to read the number of items held in the stage's hand-off. */
  public void queuedBy(LongSupplier supplier) {
    this.queued = supplier;
  }

  public StageMetrics snapshot() {
    return new StageMetrics(
        name,
        in(),
        out(),
        inFlight.get(),
        failed.sum(),
        retried.sum(),
        skipped.sum(),
        Math.max(0, queued.getAsLong()),
        busyNanos.sum(),
        latency.percentile(0.50),
        latency.percentile(0.99),
        concurrency > 0 ? concurrency : peakInFlight.get(),
        capacity);
  }
}
