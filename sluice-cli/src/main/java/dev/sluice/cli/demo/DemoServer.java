package dev.sluice.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's stand-in for a real API, on 127.0.0.1 and an ephemeral port: {@code POST
 * /v1/sentiment} with {@code {"text": ...}} answers {@code {"label", "score", "words"}} after 5
 * to 60 ms, like a small model behind an API would. It misbehaves the way real APIs do: about
 * 1.5% of requests get 429 with {@code Retry-After: 1}, 1.5% get 500, and an empty text gets 422.
 */
public final class DemoServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();

  private DemoServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts the server.
   *
   * @return the running server
   * @throws IOException if it cannot listen
   */
  public static DemoServer start() throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    DemoServer demo = new DemoServer(http);
    http.createContext("/v1/sentiment", demo::handle);
    http.setExecutor(demo.executor);
    http.start();
    return demo;
  }

  /**
   * The endpoint's URL.
   *
   * @return e.g. {@code http://127.0.0.1:41234/v1/sentiment}
   */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/sentiment");
  }

  long requests() {
    return requests.get();
  }

  /**
   * A line on what the server did.
   *
   * @return e.g. {@code 3,105 requests: 92 answered 429, 61 answered 500}
   */
  public String stats() {
    return String.format(Locale.ROOT, "%,d requests, of which %,d got 429 (Retry-After) and %,d got 500",
        requests.get(), throttled.get(), errors.get());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!exchange.getRequestMethod().equals("POST")) {
        send(exchange, 405, "{\"error\": \"use POST\"}");
        return;
      }
      ThreadLocalRandom random = ThreadLocalRandom.current();
      Thread.sleep(5 + random.nextInt(56));
      int dice = random.nextInt(1000);
      if (dice < 15) {
        throttled.incrementAndGet();
        exchange.getResponseHeaders().set("Retry-After", "1");
        send(exchange, 429, "{\"error\": \"rate limit exceeded, slow down\"}");
        return;
      }
      if (dice < 30) {
        errors.incrementAndGet();
        send(exchange, 500, "{\"error\": \"internal error (simulated)\"}");
        return;
      }
      JsonNode request;
      try {
        request = JSON.readTree(body);
      } catch (IOException e) {
        send(exchange, 400, "{\"error\": \"body is not JSON\"}");
        return;
      }
      String text = request == null ? "" : request.path("text").asText("");
      if (text.isBlank()) {
        send(exchange, 422, "{\"error\": \"text must not be empty\"}");
        return;
      }
      send(exchange, 200, JSON.writeValueAsString(score(text)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A toy sentiment score: good words minus bad words. */
  static ObjectNode score(String text) {
    String[] words = text.toLowerCase(Locale.ROOT).split("[^a-z]+");
    long good = Arrays.stream(words).filter(w -> Arrays.asList(DemoData.GOOD).contains(w)).count();
    long bad = Arrays.stream(words).filter(w -> Arrays.asList(DemoData.BAD).contains(w)).count();
    double score = (good - bad) / (double) Math.max(1, good + bad);
    ObjectNode result = JSON.createObjectNode();
    result.put("label", score > 0.2 ? "positive" : score < -0.2 ? "negative" : "mixed");
    result.put("score", Math.round(score * 100) / 100.0);
    result.put("words", Arrays.stream(words).filter(w -> !w.isEmpty()).count());
    return result;
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
