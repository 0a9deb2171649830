package dev.sluice;

import java.util.Iterator;

/**
 * An iterator over the results of a running pipeline, pulled by the consumer.
 *
 * <p>{@link #hasNext()} blocks until the next result is ready or the run has ended. Closing the
 * iterator before the end cancels the run: in-flight calls are interrupted, the source is
 * closed, and {@code close()} returns once every thread of the run has ended. If the run fails,
 * {@code hasNext()} throws the {@link PipelineException}. Not thread-safe: one consumer.
 *
 * @param <T> the result type
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
  /** Cancels the run if it is still going and waits for its threads to end. */
  @Override
  void close();
}
