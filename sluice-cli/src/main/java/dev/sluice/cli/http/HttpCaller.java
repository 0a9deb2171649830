package dev.sluice.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.RetryAfterException;
import dev.sluice.cli.job.Caller;
import dev.sluice.cli.job.PermanentFailure;
import dev.sluice.cli.job.RowFailure;
import dev.sluice.cli.options.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP mode: one request per row attempt, made from the row here and sent by an {@link
 * HttpTransport} (this JVM's client, or a cluster member's). The reply decides the outcome:
 *
 * <ul>
 *   <li>2xx: the body is the result; JSON when it is (or is declared) JSON, else a string;
 *   <li>429 and 503: retried after the server's {@code Retry-After} (through the core's {@link
 *       RetryAfterException}), or after the usual back-off when there is none;
 *   <li>other 5xx, connection failures and timeouts: retried with back-off;
 *   <li>anything else (4xx, 3xx not followed): not retried; the errors file gets the status and
 *       the start of the body.
 * </ul>
 *
 * The timeout covers the whole exchange, body included. Header values never go into a message.
 */
public final class HttpCaller implements Caller {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXCERPT = 300;

  private final HttpTransport transport;
  private final String method;
  private final Template url;
  private final String fixedUri;
  private final Template body;
  private final List<Header> headers;
  private final Duration timeout;

  /**
   * Creates a caller.
   *
   * @param transport sends the requests; closed with this caller
   * @param url the URL, possibly with placeholders (percent-encoded)
   * @param method the HTTP method
   * @param body the body template, or null to send the row as it is
   * @param headers extra headers
   * @param timeout the limit on each request
   */
  public HttpCaller(
      HttpTransport transport,
      Template url,
      String method,
      Template body,
      List<Header> headers,
      Duration timeout) {
    this.transport = transport;
    this.method = method.toUpperCase(Locale.ROOT);
    this.url = url;
    this.fixedUri = url.hasFields() ? null : URI.create(url.toString()).toString();
    this.body = body;
    boolean hasContentType = headers.stream().anyMatch(h -> h.name().equalsIgnoreCase("Content-Type"));
    List<Header> all = new ArrayList<>(headers);
    if (sendsBody(method) && !hasContentType) {
      all.add(new Header("Content-Type", "application/json", "application/json"));
    }
    this.headers = List.copyOf(all);
    this.timeout = timeout;
  }

  /**
   * Whether a method sends a body.
   *
   * @param method the HTTP method
   * @return false for GET, HEAD, DELETE and OPTIONS
   */
  public static boolean sendsBody(String method) {
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "GET", "HEAD", "DELETE", "OPTIONS" -> false;
      default -> true;
    };
  }

  @Override
  public JsonNode call(ObjectNode row) throws Exception {
    return switch (transport.send(request(row))) {
      case HttpReply.Response r -> outcome(r);
      case HttpReply.Failed f -> throw failure(f);
    };
  }

  /**
   * The request for a row.
   *
   * @param row the row
   * @return the request
   * @throws PermanentFailure if the URL made from the row is not valid
   */
  HttpCall request(ObjectNode row) throws PermanentFailure {
    String uri = fixedUri;
    if (uri == null) {
      String text = url.render(row);
      try {
        uri = URI.create(text).toString();
      } catch (IllegalArgumentException e) {
        throw new PermanentFailure("the URL made from the row is not valid: " + e.getMessage());
      }
    }
    String text = !sendsBody(method) ? null : body == null ? row.toString() : body.render(row);
    return new HttpCall(method, uri, headers, text, timeout);
  }

  private static JsonNode outcome(HttpReply.Response response) throws Exception {
    int status = response.status();
    if (status >= 200 && status < 300) {
      return parse(response);
    }
    String what = "HTTP " + status + excerpt(response.body());
    if (status == 429 || status == 503) {
      if (response.retryAfter() != null) {
        throw new ServerAskedToWait(
            what, RetryAfter.parse(response.retryAfter(), Duration.ofSeconds(1)));
      }
      throw new RowFailure(what, null);
    }
    if (status >= 500) {
      throw new RowFailure(what, null);
    }
    throw new PermanentFailure(what);
  }

  private static JsonNode parse(HttpReply.Response response) {
    byte[] bytes = response.body();
    if (bytes == null || bytes.length == 0) {
      return NullNode.getInstance();
    }
    String type = response.contentType().toLowerCase(Locale.ROOT);
    if (type.isEmpty() || type.contains("json")) {
      try {
        JsonNode node = JSON.readTree(bytes);
        if (node != null && !node.isMissingNode()) {
          return node;
        }
      } catch (IOException e) {
        // not JSON after all: stored as text below
      }
    }
    return TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8));
  }

  private static String excerpt(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text = new String(body, 0, Math.min(body.length, EXCERPT * 4), StandardCharsets.UTF_8)
        .replaceAll("\\s+", " ").strip();
    if (text.length() > EXCERPT) {
      text = text.substring(0, EXCERPT) + "...";
    }
    return text.isEmpty() ? "" : ": " + text;
  }

  private RowFailure failure(HttpReply.Failed failed) {
    String detail = failed.detail();
    return new RowFailure(switch (failed.kind()) {
      case CONNECT_TIMEOUT -> "connect timed out";
      case TIMEOUT -> "timed out after " + Durations.format(timeout) + " (--timeout)";
      case REFUSED -> "connection refused" + (detail == null ? "" : " (" + detail + ")");
      case IO -> "connection error: " + detail;
    }, null);
  }

  @Override
  public void close() {
    transport.close();
  }

  /** A 429 or 503 with Retry-After, shown without a Java class name in the errors file. */
  static final class ServerAskedToWait extends RetryAfterException {
    private static final long serialVersionUID = 1L;

    ServerAskedToWait(String message, Duration delay) {
      super(message + " (Retry-After " + Durations.format(delay) + ")", delay, null);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}
