package dev.sluice.cli.job;

import java.time.Duration;

/**
 * A snapshot of a running job.
 *
 * @param total input rows, or -1 while unknown
 * @param handled rows handled: skipped, written, failed or rejected
 * @param written rows written by this run
 * @param skipped rows skipped as already done
 * @param failed rows that failed in this run
 * @param rejected bad lines rejected in this run
 * @param rowsPerSecond rows finished per second by this run
 * @param elapsed time since the run started
 * @param eta estimated time left, or null while unknown
 */
public record JobProgress(
    long total,
    long handled,
    long written,
    long skipped,
    long failed,
    long rejected,
    double rowsPerSecond,
    Duration elapsed,
    Duration eta) {}
