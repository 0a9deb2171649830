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
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP mode: one request per row attempt with the JDK's {@link HttpClient}, sent on the row's
 * virtual thread. The response decides the outcome:
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

  private final HttpClient client;
  private final ExecutorService executor;
  private final String method;
  private final Template url;
  private final URI fixedUri;
  private final Template body;
  private final List<Header> headers;
  private final Duration timeout;
  private final boolean hasContentType;

  /**
   * Creates a caller.
   *
   * @param url the URL, possibly with placeholders (percent-encoded)
   * @param method the HTTP method
   * @param body the body template, or null to send the row as it is
   * @param headers extra headers
   * @param timeout the limit on each request
   * @param concurrency the most requests at once, which sizes the connection pool
   */
  public HttpCaller(
      Template url,
      String method,
      Template body,
      List<Header> headers,
      Duration timeout,
      int concurrency) {
    // The JDK client keeps idle HTTP/1.1 connections without a limit by default; cap the pool
    // at the concurrency, which is also how many connections can be busy at once. Read once,
    // when the client's pool class loads, so it must be set before the first client exists.
    System.setProperty("jdk.httpclient.connectionPoolSize", Integer.toString(concurrency));
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    this.client =
        HttpClient.newBuilder()
            .executor(executor)
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
            .build();
    this.method = method.toUpperCase(Locale.ROOT);
    this.url = url;
    this.fixedUri = url.hasFields() ? null : URI.create(url.toString());
    this.body = body;
    this.headers = List.copyOf(headers);
    this.timeout = timeout;
    this.hasContentType =
        headers.stream().anyMatch(h -> h.name().equalsIgnoreCase("Content-Type"));
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
    HttpRequest request = request(row);
    CompletableFuture<HttpResponse<byte[]>> pending =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> response;
    try {
      response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new RowFailure("timed out after " + Durations.format(timeout) + " (--timeout)", e);
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw describe(e.getCause());
    }
    return outcome(response);
  }

  private HttpRequest request(ObjectNode row) throws PermanentFailure {
    URI uri = fixedUri;
    if (uri == null) {
      String text = url.render(row);
      try {
        uri = URI.create(text);
      } catch (IllegalArgumentException e) {
        throw new PermanentFailure("the URL made from the row is not valid: " + e.getMessage());
      }
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
    for (Header h : headers) {
      builder.header(h.name(), h.value());
    }
    if (sendsBody(method)) {
      String text = body == null ? row.toString() : body.render(row);
      if (!hasContentType) {
        builder.header("Content-Type", "application/json");
      }
      builder.method(method, HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
    } else {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return builder.build();
  }

  private JsonNode outcome(HttpResponse<byte[]> response) throws Exception {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return parse(response);
    }
    String what = "HTTP " + status + excerpt(response.body());
    if (status == 429 || status == 503) {
      var header = response.headers().firstValue("Retry-After");
      if (header.isPresent()) {
        throw new ServerAskedToWait(what, RetryAfter.parse(header, Duration.ofSeconds(1)));
      }
      throw new RowFailure(what, null);
    }
    if (status >= 500) {
      throw new RowFailure(what, null);
    }
    throw new PermanentFailure(what);
  }

  private static JsonNode parse(HttpResponse<byte[]> response) {
    byte[] bytes = response.body();
    if (bytes == null || bytes.length == 0) {
      return NullNode.getInstance();
    }
    String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
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

  private Exception describe(Throwable cause) {
    return switch (cause) {
      case HttpConnectTimeoutException e -> new RowFailure("connect timed out", e);
      case HttpTimeoutException e ->
          new RowFailure("timed out after " + Durations.format(timeout) + " (--timeout)", e);
      case ConnectException e ->
          new RowFailure("connection refused" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
      case IOException e ->
          new RowFailure("connection error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
      case Exception e -> e;
      default -> new RowFailure(cause.toString(), cause);
    };
  }

  @Override
  public void close() {
    client.shutdownNow();
    executor.shutdownNow();
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
