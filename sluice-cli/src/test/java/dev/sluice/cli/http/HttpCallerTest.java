package dev.sluice.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.RetryAfterException;
import dev.sluice.cli.job.PermanentFailure;
import dev.sluice.cli.job.RowFailure;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What a reply means, whoever sent the request (this JVM or a cluster member): the same reply
 * must give the same result, retry or failure. The transport here is a stub that records the
 * request and returns a set reply; the real client is covered by the end-to-end tests.
 */
class HttpCallerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final AtomicReference<HttpCall> sent = new AtomicReference<>();

  private HttpCaller caller(String method, String url, String body, HttpReply reply) {
    HttpTransport transport = new HttpTransport() {
      @Override
      public HttpReply send(HttpCall call) {
        sent.set(call);
        return reply;
      }

      @Override
      public void close() {}
    };
    return new HttpCaller(transport, Template.parse(url, Template.Encoding.URL), method,
        body == null ? null : Template.parse(body, Template.Encoding.JSON),
        List.of(Header.parse("Authorization: Bearer ${TOKEN}", Map.of("TOKEN", "s3cret"))), TIMEOUT);
  }

  private static ObjectNode row(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  private static HttpReply response(int status, String type, String retryAfter, String body) {
    return new HttpReply.Response(status, type, retryAfter, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRowBecomesOneRequest() throws Exception {
    caller("POST", "http://127.0.0.1:1/items/${.id}", "{\"text\": ${.text}}",
        response(200, "application/json", null, "{}"))
        .call(row("{\"id\":\"a b\",\"text\":\"hi\"}"));
    HttpCall call = sent.get();
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.uri()).isEqualTo("http://127.0.0.1:1/items/a%20b");
    assertThat(JSON.readTree(call.body()).path("text").asText()).isEqualTo("hi");
    assertThat(call.headers()).extracting(Header::name).containsExactly("Authorization", "Content-Type");
    assertThat(call.timeout()).isEqualTo(TIMEOUT);

    caller("GET", "http://127.0.0.1:1/q?x=${.text}", null, response(200, "", null, "{}"))
        .call(row("{\"text\":\"hi\"}"));
    assertThat(sent.get().body()).isNull();
    assertThat(sent.get().headers()).extracting(Header::name).containsExactly("Authorization");
  }

  @Test
  void aRequestTravelsWithoutShowingItsSecrets() throws Exception {
    caller("POST", "http://127.0.0.1:1/x", null, response(200, "", null, "{}")).call(row("{\"n\":1}"));
    HttpCall call = sent.get();
    assertThat(call.toString()).isEqualTo("POST http://127.0.0.1:1/x").doesNotContain("s3cret");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(call); // what a cluster member receives
      out.writeObject(response(200, "", null, "{}"));
      out.writeObject(new HttpReply.Failed(HttpReply.Kind.IO, "reset"));
    }
    assertThat(bytes.size()).isPositive();
  }

  @Test
  void successfulRepliesAreTheResult() throws Exception {
    JsonNode json = caller("POST", "http://h/x", null, response(201, "application/json", null, "{\"a\":1}"))
        .call(row("{}"));
    assertThat(json.path("a").asInt()).isEqualTo(1);
    JsonNode text = caller("POST", "http://h/x", null, response(200, "text/plain", null, "plain"))
        .call(row("{}"));
    assertThat(text.asText()).isEqualTo("plain");
    assertThat(caller("POST", "http://h/x", null, response(204, "", null, "")).call(row("{}")).isNull())
        .isTrue();
  }

  @Test
  void busyServersAreRetriedAfterTheirDelayAndOthersAfterABackoff() {
    assertThatThrownBy(() -> caller("POST", "http://h/x", null, response(429, "", "7", "slow down"))
        .call(row("{}")))
        .isInstanceOfSatisfying(RetryAfterException.class,
            e -> assertThat(e.delay()).isEqualTo(Duration.ofSeconds(7)))
        .hasMessageContaining("HTTP 429: slow down");
    assertThatThrownBy(() -> caller("POST", "http://h/x", null, response(503, "", null, "")).call(row("{}")))
        .isInstanceOf(RowFailure.class).hasMessage("HTTP 503");
    assertThatThrownBy(() -> caller("POST", "http://h/x", null, response(500, "", null, "oops")).call(row("{}")))
        .isInstanceOf(RowFailure.class).hasMessage("HTTP 500: oops");
    assertThatThrownBy(() -> caller("POST", "http://h/x", null, response(404, "", null, "no")).call(row("{}")))
        .isInstanceOf(PermanentFailure.class).hasMessage("HTTP 404: no");
  }

  @Test
  void noResponseIsARetriedFailureSaidPlainly() {
    assertThatThrownBy(() -> caller("POST", "http://h/x", null,
        new HttpReply.Failed(HttpReply.Kind.TIMEOUT, null)).call(row("{}")))
        .isInstanceOf(RowFailure.class).hasMessage("timed out after 5.0s (--timeout)");
    assertThatThrownBy(() -> caller("POST", "http://h/x", null,
        new HttpReply.Failed(HttpReply.Kind.REFUSED, null)).call(row("{}")))
        .isInstanceOf(RowFailure.class).hasMessage("connection refused");
    assertThatThrownBy(() -> caller("POST", "http://h/x", null,
        new HttpReply.Failed(HttpReply.Kind.IO, "Connection reset")).call(row("{}")))
        .isInstanceOf(RowFailure.class).hasMessage("connection error: Connection reset");
  }
}
