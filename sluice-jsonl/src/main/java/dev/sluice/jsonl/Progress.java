package dev.sluice.jsonl;

import java.time.Duration;

/**
 * A snapshot of a running job, passed to {@link JobListener#progress}. Row counts are input
 * rows (for createOrResume, rows to produce).
 *
 * @param totalRows rows in the input, or -1 while unknown
 * @param handled rows handled so far: {@code skipped + written + failed + rejected}
 * @param written rows written to the output by this run
 * @param skipped rows skipped because an earlier run finished them
 * @param failed rows whose function failed after all attempts in this run
 * @param rejected bad rows rejected in this run
 * @param rowsPerSecond rows written per second by this run
 * @param elapsed time since the run started
 * @param eta the estimated time left, or null while unknown
 */
public record Progress(
    long totalRows,
    long handled,
    long written,
    long skipped,
    long failed,
    long rejected,
    double rowsPerSecond,
    Duration elapsed,
    Duration eta) {}
