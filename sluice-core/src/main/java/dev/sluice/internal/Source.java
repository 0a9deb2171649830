package dev.sluice.internal;

/**
 * A source opened for one run: pushes its items from the calling thread and releases what it
 * holds when closed. {@link #close()} may be called more than once and from another thread.
 *
 * @param <T> the item type
 */
public interface Source<T> extends Upstream<T>, AutoCloseable {
  @Override
  void close() throws Exception;

  /** Opens a fresh source for each run. */
  @FunctionalInterface
  interface Factory<T> {
    Source<T> open(RunContext run, StageStats stats) throws Exception;
  }
}
