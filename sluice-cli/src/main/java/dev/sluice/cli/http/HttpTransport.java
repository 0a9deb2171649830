package dev.sluice.cli.http;

/**
 * Sends {@link HttpCall}s: from this JVM ({@link HttpSender}) or from a cluster member. Must
 * honour each call's timeout. Thread-safe.
 */
public interface HttpTransport extends AutoCloseable {
  /**
   * Sends one request.
   *
   * @param call the request
   * @return the response, or why there is none
   * @throws InterruptedException if the job is stopping
   * @throws Exception if the transport itself failed (a lost cluster, say), not the request
   */
  HttpReply send(HttpCall call) throws Exception;

  /** Releases the client or the connection. */
  @Override
  void close();
}
