package dev.sluice.cluster;

/**
 * Counters of one {@link RemoteFunction}, since it was made.
 *
 * @param items items handed to the function
 * @param batches batches sent to members, resends excluded
 * @param resubmittedItems items sent again because their member was lost; the function may have
 *     run twice for them, but each reached the pipeline once
 * @param outstanding items handed over and not yet completed, now
 * @param maxOutstanding the most items outstanding at once: at most the stage's concurrency
 * @param batchSize the size the next batch aims at
 */
public record RemoteStats(
    long items, long batches, long resubmittedItems, int outstanding, int maxOutstanding, int batchSize) {}
