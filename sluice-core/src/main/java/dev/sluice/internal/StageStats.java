package dev.sluice.internal;

import dev.sluice.StageMetrics;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

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
  private final LongAdder failed = new LongAdder();

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
    inFlight.addAndGet(n);
  }

  public void callsEnded(long n) {
    inFlight.addAndGet(-n);
  }

  public void failed() {
    failed.increment();
  }

  public StageMetrics snapshot() {
    return new StageMetrics(name, in(), out(), inFlight.get(), failed.sum());
  }
}
