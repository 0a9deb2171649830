package dev.sluice.cli.job;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the CLI asks of the resumable file job, independent of the library that runs it.
 *
 * @param input the input JSONL file
 * @param output the output JSONL file
 * @param keyField the field that identifies a row (a JSON pointer if it starts with {@code /}),
 *     or null for the line number
 * @param ordered whether the output keeps input order
 * @param resultField the output field that holds each row's result
 * @param errors the errors file
 * @param rejects the rejects file (bad input lines under {@code --on-bad-line skip})
 * @param skipBadLines whether bad lines are rejected instead of stopping the job
 * @param keepFailed whether rows that failed in an earlier run stay failed
 * @param concurrency how many rows are in flight at once
 * @param progressInterval how often progress is reported
 */
public record JobSpec(
    Path input,
    Path output,
    String keyField,
    boolean ordered,
    String resultField,
    Path errors,
    Path rejects,
    boolean skipBadLines,
    boolean keepFailed,
    int concurrency,
    Duration progressInterval) {}
