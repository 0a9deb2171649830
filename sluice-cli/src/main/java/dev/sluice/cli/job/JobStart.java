package dev.sluice.cli.job;

/**
 * What a job found in its output before it started.
 *
 * @param resumed whether the output already held rows of this job
 * @param rowsDone rows already in the output
 * @param tornLine the line of a torn last line that was cut (0 if none)
 * @param failuresToRetry rows that failed last time and are retried now
 * @param keptFailed rows that failed before and stay failed ({@code --keep-failed})
 */
public record JobStart(
    boolean resumed, long rowsDone, long tornLine, long failuresToRetry, long keptFailed) {}
