package dev.sluice.jsonl;

import java.time.Duration;
import java.util.List;

/**
 * What a job run did. A run is {@link #complete()} when every input row is in the output (or
 * was rejected, or stays failed under {@code keepFailed}); otherwise rerunning the same job
 * continues it.
 *
 * @param start what the job found before it started
 * @param inputRows input rows read (for createOrResume, rows wanted: keys times copies)
 * @param written rows written to the output by this run
 * @param skipped rows skipped because an earlier run finished them
 * @param failed rows whose function failed after all attempts (recorded in the errors file)
 * @param rejected bad rows rejected (recorded in the rejects file)
 * @param keptFailed rows skipped because they failed before and the job keeps them failed
 * @param calls calls of the user's function, retries included
 * @param stoppedAtLine in ordered mode, the line where writing stopped because its row failed
 *     (the output must stay in input order, so nothing after it can be written); else 0
 * @param complete whether nothing is left to do
 * @param duration how long the run took
 * @param warnings inconsistencies found and tolerated (e.g. output rows whose key the input
 *     does not have)
 */
public record JobReport(
    StartReport start,
    long inputRows,
    long written,
    long skipped,
    long failed,
    long rejected,
    long keptFailed,
    long calls,
    long stoppedAtLine,
    boolean complete,
    Duration duration,
    List<String> warnings) {}
