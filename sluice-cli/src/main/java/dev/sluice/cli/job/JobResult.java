package dev.sluice.cli.job;

import java.util.List;

/**
 * What a job run did.
 *
 * @param inputRows input rows read
 * @param written rows written to the output by this run
 * @param skipped rows skipped as already done
 * @param failed rows that failed (in the errors file)
 * @param rejected bad lines rejected (in the rejects file)
 * @param keptFailed rows skipped because they failed before ({@code --keep-failed})
 * @param stoppedAtLine for ordered output, the line whose failure stopped writing; else 0
 * @param complete whether nothing is left to do
 * @param warnings inconsistencies the job found and tolerated
 */
public record JobResult(
    long inputRows,
    long written,
    long skipped,
    long failed,
    long rejected,
    long keptFailed,
    long stoppedAtLine,
    boolean complete,
    List<String> warnings) {}
