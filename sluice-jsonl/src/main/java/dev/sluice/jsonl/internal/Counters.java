package dev.sluice.jsonl.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The live counts of a run, written by the reader, workers and writer, read by progress. */
public final class Counters {
  public final LongAdder read = new LongAdder();
  public final LongAdder skipped = new LongAdder();
  public final LongAdder keptFailed = new LongAdder();
  public final LongAdder rejected = new LongAdder();
  public final LongAdder written = new LongAdder();
  public final LongAdder failed = new LongAdder();
  public final LongAdder calls = new LongAdder();
  /** Rows in the input, or -1 while unknown (counted in the background). */
  public final AtomicLong total = new AtomicLong(-1);

  /** Rows handled: skipped, written, failed, rejected or kept failed. */
  public long handled() {
    return skipped.sum() + keptFailed.sum() + written.sum() + failed.sum() + rejected.sum();
  }
}
