package dev.sluice.cli.http;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends {@link HttpCall}s with the JDK's {@link HttpClient} (HTTP/1.1, redirects followed) on
 * the caller's thread, bounded by each call's timeout; a failure to get a response is returned
 * as an {@link HttpReply.Failed}, never thrown. Used by the driver, and by each cluster member
 * for the rows it is given. Thread-safe.
 */
public final class HttpSender implements HttpTransport {
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client;
  private final ExecutorService executor;

  /**
   * Creates a sender.
   *
   * @param connectTimeout the limit on making a connection (at most 10 s is used)
   */
  public HttpSender(Duration connectTimeout) {
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    this.client =
        HttpClient.newBuilder()
            .executor(executor)
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(
                connectTimeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? connectTimeout : MAX_CONNECT_TIMEOUT)
            .build();
  }

  /**
   * Caps the JDK client's pool of idle connections, which has no limit by default. Read once,
   * when the client's pool class loads, so it works only before the first client exists.
   *
   * @param connections the most idle connections to keep
   */
  public static void limitConnectionPool(int connections) {
    System.setProperty("jdk.httpclient.connectionPoolSize", Integer.toString(connections));
  }

  @Override
  public HttpReply send(HttpCall call) throws InterruptedException {
    CompletableFuture<HttpResponse<byte[]>> pending =
        client.sendAsync(request(call), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> response;
    try {
      response = pending.get(call.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      return new HttpReply.Failed(HttpReply.Kind.TIMEOUT, null);
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      return failed(e.getCause());
    }
    return new HttpReply.Response(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.headers().firstValue("Retry-After").orElse(null),
        response.body());
  }

  private static HttpRequest request(HttpCall call) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(call.uri())).timeout(call.timeout());
    for (Header h : call.headers()) {
      builder.header(h.name(), h.value());
    }
    builder.method(call.method(), call.body() == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
    return builder.build();
  }

  private static HttpReply failed(Throwable cause) {
    HttpReply.Kind kind = switch (cause) {
      case HttpConnectTimeoutException e -> HttpReply.Kind.CONNECT_TIMEOUT;
      case HttpTimeoutException e -> HttpReply.Kind.TIMEOUT;
      case ConnectException e -> HttpReply.Kind.REFUSED;
      case IOException e -> HttpReply.Kind.IO;
      default -> null;
    };
    if (kind == null) {
      // Not a network failure: a bug or a bad argument, which retrying will not fix.
      throw new IllegalStateException("the HTTP client failed: " + cause, cause);
    }
    String detail = cause.getMessage() != null ? cause.getMessage()
        : kind == HttpReply.Kind.IO ? cause.getClass().getSimpleName() : null;
    return new HttpReply.Failed(kind, detail);
  }

  @Override
  public void close() {
    client.shutdownNow();
    executor.shutdownNow();
  }
}
