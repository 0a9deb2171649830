package dev.sluice.cli.job;

import java.util.concurrent.atomic.LongAdder;

/** What the calls of a run did, beyond what the file job counts: for progress and summary. */
public final class CallStats {
  /** Calls made, retries included. */
  public final LongAdder calls = new LongAdder();
  /** Attempts that were retried. */
  public final LongAdder retries = new LongAdder();
  /** Of those, retries that waited for a server's Retry-After. */
  public final LongAdder retryAfters = new LongAdder();
  /** Rows whose function succeeded. */
  public final LongAdder succeeded = new LongAdder();
  /** Rows that failed for good. */
  public final LongAdder failed = new LongAdder();
  /** Latency of each call. */
  public final LatencyHistogram latency = new LatencyHistogram();
}
