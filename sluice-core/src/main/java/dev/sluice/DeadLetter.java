package dev.sluice;

/**
 * An item that failed for good in a stage with {@link Pipeline#deadLetters dead letters}: it
 * is handed to the dead-letter sink instead of failing the run.
 *
 * @param item the item that failed
 * @param error the last failure
 * @param attempts how many times the function was called for it
 * @param stage the name of the stage
 * @param position the item's 0-based position among the stage's input
 * @param <T> the item type
 */
public record DeadLetter<T>(T item, Throwable error, int attempts, String stage, long position) {}
