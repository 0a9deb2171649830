package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on 127.0.0.1 for the end-to-end tests, on a plain socket so that it
 * can do what a test needs and a friendly server would not: reset a connection (RST, via
 * SO_LINGER 0), or answer later than the client's timeout. What it answers is up to the test's
 * {@link Behaviour}, which sees each request with the attempt number of its row (rows are told
 * apart by their {@code id} field).
 */
final class TestApi implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A request as received. */
  record Request(String method, String target, Map<String, String> headers, String body,
      JsonNode json, String id, int attempt, long nanos) {}

  /** What to do with a request. */
  sealed interface Response {}

  /** Answer with this status, extra headers and body. */
  record Reply(int status, Map<String, String> headers, String body) implements Response {}

  /** Reset the connection without answering. */
  record Reset() implements Response {}

  /** Wait, then answer. */
  record Late(Duration delay, Reply reply) implements Response {}

  /** The test's policy. */
  interface Behaviour {
    Response respond(Request request) throws Exception;
  }

  static Reply ok(String json) {
    return new Reply(200, Map.of("Content-Type", "application/json"), json);
  }

  static Reply status(int status, String body) {
    return new Reply(status, Map.of("Content-Type", "application/json"), body);
  }

  private final ServerSocket server;
  private final Behaviour behaviour;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private volatile boolean closed;

  TestApi(Behaviour behaviour) throws IOException {
    this.behaviour = behaviour;
    this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofPlatform().daemon().name("test-api").start(this::accept);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  int attempts(String id) {
    AtomicInteger n = attempts.get(id);
    return n == null ? 0 : n.get();
  }

  List<Request> requestsFor(String id) {
    return requests.stream().filter(r -> id.equals(r.id())).toList();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        Thread.ofVirtual().start(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        Request request = read(in);
        if (request == null) {
          return;
        }
        requests.add(request);
        Response response = behaviour.respond(request);
        switch (response) {
          case Reset r -> {
            socket.setSoLinger(true, 0);
            return; // closing with linger 0 sends RST
          }
          case Late l -> {
            Thread.sleep(l.delay());
            write(out, l.reply());
          }
          case Reply r -> write(out, r);
        }
      }
    } catch (Exception e) {
      // the client went away (e.g. it timed out): nothing to do
    }
  }

  private Request read(InputStream in) throws IOException {
    String requestLine = line(in);
    if (requestLine == null || requestLine.isEmpty()) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    Map<String, String> headers = new ConcurrentHashMap<>();
    String line;
    while ((line = line(in)) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    String text = new String(body, StandardCharsets.UTF_8);
    JsonNode json = null;
    String id = null;
    try {
      json = text.isEmpty() ? null : JSON.readTree(text);
      if (json != null && json.has("id")) {
        id = json.get("id").asText();
      }
    } catch (IOException e) {
      // not JSON
    }
    if (id == null && parts[1].contains("id=")) {
      id = parts[1].substring(parts[1].indexOf("id=") + 3).split("&")[0];
    }
    int attempt = id == null ? 0 : attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    return new Request(parts[0], parts[1], headers, text, json, id, attempt, System.nanoTime());
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String s = buffer.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      buffer.write(b);
    }
    return buffer.size() == 0 ? null : buffer.toString(StandardCharsets.UTF_8);
  }

  private static void write(OutputStream out, Reply reply) throws IOException {
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("HTTP/1.1 " + reply.status() + " X\r\n");
    reply.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    out.write(body);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
  }
}
