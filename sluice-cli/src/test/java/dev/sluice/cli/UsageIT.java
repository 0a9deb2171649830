package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users type, right and wrong: usage errors exit 2 with a message naming the option; bad
 * input names file:line; an output that is another job's, or in use, is refused untouched;
 * --restart moves the old output aside; templates send what they promise.
 */
class UsageIT {
  static TestApi api;

  @TempDir Path dir;

  @BeforeAll
  static void startApi() throws Exception {
    api = new TestApi(r -> switch (r.target()) {
      case "/echo" -> TestApi.ok(r.body());
      case "/text" -> new TestApi.Reply(200, Map.of("Content-Type", "text/plain"), "plain words");
      case "/slow" -> new TestApi.Late(Duration.ofMillis(100), TestApi.ok("{}"));
      case "/fail3" -> r.json().path("n").asInt() == 3
          ? TestApi.status(404, "{\"error\":\"no 3\"}") : TestApi.ok("{}");
      default -> r.target().startsWith("/get?")
          ? TestApi.ok("{\"target\":\"" + r.target().replace("\"", "") + "\"}")
          : TestApi.ok("{\"fine\":true}");
    });
  }

  @AfterAll
  static void stopApi() throws Exception {
    api.close();
  }

  private Path input(int rows) throws Exception {
    return Rows.input(dir.resolve("in.jsonl"), rows, null);
  }

  @Test
  void usageErrorsExit2AndNameTheOption() throws Exception {
    Path in = input(3);
    Cli.Result none = Cli.run(dir);
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("missing command");

    Cli.Result noTarget = Cli.run(dir, "map", in.toString(), "-o", "out.jsonl");
    assertThat(noTarget.code()).isEqualTo(2);
    assertThat(noTarget.err()).contains("missing --url URL (HTTP mode) or -- CMD")
        .contains("'sluice map --help'");

    Cli.Result badTimeout = Cli.run(dir, "map", in.toString(), "-o", "out.jsonl",
        "--url", api.url("/"), "--timeout", "30x");
    assertThat(badTimeout.code()).isEqualTo(2);
    assertThat(badTimeout.err()).contains("--timeout").contains("'30x' is not a duration");

    Cli.Result ftp = Cli.run(dir, "map", in.toString(), "-o", "out.jsonl", "--url", "ftp://h/x",
        "--rate", "5/s", "--header", "X-Key: ${NOT_SET_ANYWHERE}",
        "--body-template", "{\"text\": \"${.text}\"}");
    assertThat(ftp.code()).isEqualTo(2);
    assertThat(ftp.err()).contains("--url must be an http:// or https:// URL");

    Cli.Result quoted = Cli.run(dir, "map", in.toString(), "-o", "out.jsonl",
        "--url", api.url("/"), "--body-template", "{\"text\": \"${.text}\"}");
    assertThat(quoted.code()).isEqualTo(2);
    assertThat(quoted.err()).contains("--body-template is not valid JSON")
        .contains("write {\"text\": ${.text}}");

    Cli.Result env = Cli.run(dir, "map", in.toString(), "-o", "out.jsonl",
        "--url", api.url("/"), "--header", "X-Key: ${NOT_SET_ANYWHERE}");
    assertThat(env.code()).isEqualTo(2);
    assertThat(env.err()).contains("--header").contains("NOT_SET_ANYWHERE is not set");

    Cli.Result missing = Cli.run(dir, "map", "nope.jsonl", "-o", "out.jsonl", "--url", api.url("/"));
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read the input nope.jsonl: no such file");
    assertThat(dir.resolve("out.jsonl")).doesNotExist();

    // A job that cannot work (nothing listens there) stops after a few rows, not after all.
    Path many = Rows.input(dir.resolve("many.jsonl"), 500, null);
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Cli.Result refused = Cli.run(dir, "map", many.toString(), "-o", "refused.jsonl",
        "--url", "http://127.0.0.1:" + closedPort + "/x", "--retries", "0", "--progress", "none");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("rows all failed and none succeeded")
        .contains("connection refused").contains("Fix it and rerun");
    // About 20 rows are recorded as failed (the stop may land before the last of them is
    // written, which costs nothing: a row not in the output is tried again by the rerun).
    assertThat(Rows.read(dir.resolve("refused.errors.jsonl")).size()).isBetween(1, 500 - 1);

    Cli.Result help = Cli.run(dir, "map", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Examples:").contains("Exit codes:").contains("--rate")
        .contains("--body-template").contains("-- CMD [ARGS]");
    Cli.Result version = Cli.run(dir, "--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("sluice 0.");
  }

  @Test
  void malformedLineNamesFileAndLineOrIsSkipped() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, "{\"id\":1}\n{\"id\":2}\n{\"id\": 3,,}\n{\"id\":4}\n");
    Cli.Result fail = Cli.run(dir, "map", in.toString(), "-o", "out.jsonl", "--url", api.url("/"),
        "--ordered", "--progress", "none");
    assertThat(fail.code()).isEqualTo(2);
    assertThat(fail.err()).contains(in + ":3:").contains("--on-bad-line skip");
    assertThat(Rows.read(dir.resolve("out.jsonl"))).hasSize(2);

    Cli.Result skip = Cli.run(dir, "map", in.toString(), "-o", "out.jsonl", "--url", api.url("/"),
        "--ordered", "--on-bad-line", "skip", "--rate", "40/s", "--progress", "none");
    assertThat(skip.code()).as(skip.err()).isZero();
    assertThat(skip.err()).contains("rejected  1 bad input lines")
        .contains("waiting for --rate 40/s");
    assertThat(Rows.counts(Rows.read(dir.resolve("out.jsonl")), "id")).containsOnlyKeys("1", "2", "4");
    List<JsonNode> rejects = Rows.read(dir.resolve("out.rejects.jsonl"));
    assertThat(rejects).hasSize(1);
    assertThat(rejects.getFirst().path("line").asInt()).isEqualTo(3);
  }

  @Test
  void orderedOutputStopsAtAFailedRowUnlessKeepFailed() throws Exception {
    Path in = input(6);
    String[] args = {"map", in.toString(), "-o", "out.jsonl", "--url", api.url("/fail3"),
        "--ordered", "--key", "id", "-c", "1", "--progress", "none"};
    Cli.Result stopped = Cli.run(dir, args);
    assertThat(stopped.code()).as(stopped.err()).isEqualTo(3);
    assertThat(stopped.err()).contains("the output stopped at line 3").contains("--keep-failed");
    assertThat(Rows.counts(Rows.read(dir.resolve("out.jsonl")), "id")).containsOnlyKeys("r1", "r2");

    String[] keep = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--keep-failed")).toArray(String[]::new);
    Cli.Result past = Cli.run(dir, keep);
    assertThat(past.code()).as(past.err()).isEqualTo(3);
    assertThat(past.err()).contains("stay failed (--keep-failed)");
    assertThat(Rows.read(dir.resolve("out.jsonl")).stream().map(r -> r.path("id").asText()))
        .containsExactly("r1", "r2", "r4", "r5", "r6");
    assertThat(Rows.counts(Rows.read(dir.resolve("out.errors.jsonl")), "key")).containsOnlyKeys("r3");
  }

  @Test
  void anotherJobsOutputIsRefusedUntouched() throws Exception {
    Path in = input(5);
    Cli.Result first = Cli.run(dir, "map", in.toString(), "-o", "out.jsonl", "--url", api.url("/"),
        "--key", "id", "--progress", "none");
    assertThat(first.code()).as(first.err()).isZero();
    byte[] before = Files.readAllBytes(dir.resolve("out.jsonl"));

    Path other = Rows.input(dir.resolve("other.jsonl"), 5, null);
    Cli.Result otherInput = Cli.run(dir, "map", other.toString(), "-o", "out.jsonl",
        "--url", api.url("/"), "--key", "id");
    assertThat(otherInput.code()).isEqualTo(2);
    assertThat(otherInput.err()).contains("belongs to another job").contains("other.jsonl")
        .contains("--restart");

    Cli.Result otherField = Cli.run(dir, "map", in.toString(), "-o", "out.jsonl",
        "--url", api.url("/"), "--key", "id", "--result-field", "answer");
    assertThat(otherField.code()).isEqualTo(2);
    assertThat(otherField.err()).contains("belongs to a different job");

    Files.writeString(dir.resolve("notes.jsonl"), "{\"mine\":true}\n");
    Cli.Result foreign = Cli.run(dir, "map", in.toString(), "-o", "notes.jsonl", "--url", api.url("/"));
    assertThat(foreign.code()).isEqualTo(2);
    assertThat(foreign.err()).contains("not written by a Sluice JSONL job");

    assertThat(Files.readAllBytes(dir.resolve("out.jsonl"))).isEqualTo(before);
    assertThat(Files.readString(dir.resolve("notes.jsonl"))).isEqualTo("{\"mine\":true}\n");

    // --restart moves the old job aside, whole, and starts over.
    Cli.Result restart = Cli.run(dir, "map", other.toString(), "-o", "out.jsonl",
        "--url", api.url("/"), "--key", "id", "--restart", "--progress", "none");
    assertThat(restart.code()).as(restart.err()).isZero();
    assertThat(restart.err()).contains("--restart: moved the old output").contains("nothing was deleted");
    try (Stream<Path> files = Files.list(dir)) {
      Path aside = files.filter(p -> p.getFileName().toString().startsWith("out.old-")).findFirst()
          .orElseThrow();
      assertThat(Files.readAllBytes(aside.resolve("out.jsonl"))).isEqualTo(before);
      assertThat(aside.resolve("out.sluice.json")).exists();
    }
    assertThat(Rows.read(dir.resolve("out.jsonl"))).hasSize(5);
  }

  @Test
  void aSecondSluiceOnTheSameOutputIsRefused() throws Exception {
    Path in = input(300);
    Cli.Running first = Cli.start(dir, Map.of(), "map", in.toString(), "-o", "out.jsonl",
        "--url", api.url("/slow"), "-c", "1", "--progress", "none");
    try {
      Waits.until("the first run to write", () -> Waits.lines(dir.resolve("out.jsonl")) >= 2);
      Cli.Result second = Cli.run(dir, "map", in.toString(), "-o", "out.jsonl",
          "--url", api.url("/slow"), "-c", "1", "--progress", "none");
      assertThat(second.code()).isEqualTo(2);
      assertThat(second.err()).contains("is in use").contains("another sluice");
      Cli.Result restart = Cli.run(dir, "map", in.toString(), "-o", "out.jsonl",
          "--url", api.url("/slow"), "--restart", "--progress", "none");
      assertThat(restart.code()).isEqualTo(2);
      assertThat(first.process().isAlive()).isTrue();
    } finally {
      first.process().destroyForcibly();
      first.process().waitFor();
    }
    for (String line : Files.readAllLines(dir.resolve("out.jsonl"), StandardCharsets.UTF_8)) {
      Rows.JSON.readTree(line); // whole lines, nothing interleaved
    }
  }

  @Test
  void templatesEncodeValuesAndNonJsonBodiesAreStrings() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, "{\"id\":1,\"text\":\"she said \\\"hi\\\"\\nand left\",\"q\":\"a b&c\"}\n");
    Cli.Result echo = Cli.run(dir, "map", in.toString(), "-o", "echo.jsonl",
        "--url", api.url("/echo"), "--body-template", "{\"input\": ${.text}, \"n\": ${.id}}",
        "--result-field", "sent", "--progress", "none");
    assertThat(echo.code()).as(echo.err()).isZero();
    JsonNode sent = Rows.read(dir.resolve("echo.jsonl")).getFirst().path("sent");
    assertThat(sent.path("input").asText()).isEqualTo("she said \"hi\"\nand left");
    assertThat(sent.path("n").asInt()).isEqualTo(1);

    Cli.Result get = Cli.run(dir, "map", in.toString(), "-o", "get.jsonl", "-X", "GET",
        "--url", api.url("/get?q=${.q}&id=${.id}"), "--progress", "none");
    assertThat(get.code()).as(get.err()).isZero();
    assertThat(Rows.read(dir.resolve("get.jsonl")).getFirst().path("result").path("target").asText())
        .isEqualTo("/get?q=a%20b%26c&id=1");

    Cli.Result text = Cli.run(dir, "map", in.toString(), "-o", "text.jsonl",
        "--url", api.url("/text"), "--progress", "none");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(Rows.read(dir.resolve("text.jsonl")).getFirst().path("result").asText())
        .isEqualTo("plain words");
  }
}
