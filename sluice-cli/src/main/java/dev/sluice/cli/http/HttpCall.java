package dev.sluice.cli.http;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * One HTTP request, fully made from a row: what an {@link HttpTransport} sends. Serializable,
 * since in cluster mode it travels to the member that sends it.
 *
 * @param method the HTTP method
 * @param uri the request URI
 * @param headers the extra headers, values expanded
 * @param body the body, or null for none
 * @param timeout the limit on the whole exchange, body included
 */
public record HttpCall(String method, String uri, List<Header> headers, String body, Duration timeout)
    implements Serializable {

  /**
   * Copies the headers.
   */
  public HttpCall {
    headers = List.copyOf(headers);
  }

  /** Method and URI only: header values (secrets) and bodies stay out of messages. */
  @Override
  public String toString() {
    return method + " " + uri;
  }
}
