package dev.sluice.jsonl;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a job found before it started: what the output already holds, what it repaired, and what
 * it will retry. Reported to {@link JobListener#started} and kept in {@link JobReport#start()}.
 *
 * @param output the output file
 * @param resumed whether the output already held rows of this job
 * @param outputRows complete rows found in the output
 * @param tornBytesCut bytes of a torn last line cut from the output (0 if none)
 * @param tornLine the line number of that torn line (0 if none)
 * @param keysDone distinct keys with at least one row in the output
 * @param keptFailed keys that failed in earlier runs and stay failed ({@code keepFailed})
 * @param failuresToRetry rows (keys) recorded as failed by the last run, retried by this one
 * @param journaledResults results already computed, from the results journal (mapByKey)
 * @param keyTableBytes memory held by the finished-key set
 * @param scanTime how long reading the output took
 */
public record StartReport(
    Path output,
    boolean resumed,
    long outputRows,
    long tornBytesCut,
    long tornLine,
    long keysDone,
    long keptFailed,
    long failuresToRetry,
    long journaledResults,
    long keyTableBytes,
    Duration scanTime) {}
