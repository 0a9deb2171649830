package dev.sluice.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Makes one attempt at a row: one HTTP request, or one exchange with a worker process. Must
 * honour its own per-call timeout. Thread-safe; called from many virtual threads.
 */
public interface Caller extends AutoCloseable {
  /**
   * One attempt.
   *
   * @param row the input row
   * @return the result
   * @throws PermanentFailure if retrying cannot help
   * @throws dev.sluice.RetryAfterException to be retried after the server's delay
   * @throws InterruptedException if the job is stopping
   * @throws Exception any other failure, retried
   */
  JsonNode call(ObjectNode row) throws Exception;

  /** Releases what the caller holds (worker processes, the HTTP client). */
  @Override
  void close();
}
