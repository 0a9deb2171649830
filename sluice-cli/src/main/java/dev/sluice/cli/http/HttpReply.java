package dev.sluice.cli.http;

import java.io.Serializable;

/**
 * What came of one {@link HttpCall}: a response of any status, or a failure to get one. Plain
 * data, so that a member can send it back to the driver, which alone decides what it means
 * (result, retry, or failure for good).
 */
public sealed interface HttpReply extends Serializable {

  /**
   * A response.
   *
   * @param status the status code
   * @param contentType the Content-Type header, or empty
   * @param retryAfter the Retry-After header, or null
   * @param body the body
   */
  record Response(int status, String contentType, String retryAfter, byte[] body)
      implements HttpReply {}

  /**
   * No response.
   *
   * @param kind what kind of failure
   * @param detail the exception's message, or null
   */
  record Failed(Kind kind, String detail) implements HttpReply {}

  /** Why no response came. */
  enum Kind {
    /** The connection was not made within the connect timeout. */
    CONNECT_TIMEOUT,
    /** The exchange took longer than the call's timeout. */
    TIMEOUT,
    /** The connection was refused. */
    REFUSED,
    /** Any other I/O failure: a reset, a closed connection, an unknown host. */
    IO
  }
}
