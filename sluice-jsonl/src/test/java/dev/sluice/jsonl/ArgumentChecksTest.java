package dev.sluice.jsonl;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every setter checks its argument at once, naming the parameter and the rule. */
class ArgumentChecksTest {
  private final Path in = Path.of("in.jsonl");
  private final Path out = Path.of("out.jsonl");

  @Test
  void messagesNameTheParameterAndTheRule() {
    assertThatThrownBy(() -> JsonlJob.map(in, out).concurrency(0))
        .hasMessage("concurrency must be >= 1, was 0");
    assertThatThrownBy(() -> JsonlJob.map(in, out).retries(0, Duration.ZERO))
        .hasMessage("maxAttempts must be >= 1, was 0");
    assertThatThrownBy(() -> JsonlJob.map(in, out).retries(1, Duration.ofMillis(-1)))
        .hasMessage("backoff must not be negative, was PT-0.001S");
    assertThatThrownBy(() -> JsonlJob.map(in, out).progressInterval(Duration.ZERO))
        .hasMessage("interval must be positive, was PT0S");
    assertThatThrownBy(() -> JsonlJob.map(in, out).resultField(" "))
        .hasMessage("field must not be blank");
    assertThatThrownBy(() -> JsonlJob.map(in, out).keepColumns("a", ""))
        .hasMessage("columns must not hold a blank name");
    assertThatThrownBy(() -> JsonlJob.map(in, out).resultCache(10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("resultCache applies to mapByKey jobs only");
    assertThatThrownBy(() -> JsonlJob.mapByKey(in, out).resultCache(-1))
        .hasMessage("entries must be >= 0, was -1");
    assertThatThrownBy(() -> JsonlJob.mapByKey(in, out).key(Key.lineNumber()))
        .hasMessageStartingWith("key must be one that rows can share for mapByKey");
    assertThatThrownBy(() -> JsonlJob.mapByKey(in, out).run(row -> row))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs a key");
    assertThatThrownBy(() -> JsonlJob.map(in, in))
        .hasMessage("output must not be the input file, was in.jsonl");
    assertThatThrownBy(() -> JsonlJob.createOrResume(out).copies(0))
        .hasMessage("copies must be >= 1, was 0");
    assertThatThrownBy(() -> JsonlJob.createOrResume(out).keyColumn("k").run(row -> row))
        .hasMessageContaining("needs keys(...)");
    assertThatThrownBy(() -> Key.field(""))
        .hasMessage("name must not be blank");
    assertThatThrownBy(() -> Key.pointer("id"))
        .hasMessageStartingWith("pointer must be a JSON pointer such as \"/user/id\", was \"id\"");
    assertThatThrownBy(() -> Key.pointer(""))
        .hasMessageStartingWith("pointer must select a value inside the row");
    assertThatThrownBy(() -> Durability.fsyncEvery(0, Duration.ofSeconds(1)))
        .hasMessage("lines must be >= 1, was 0");
    assertThatThrownBy(() -> Durability.fsyncEvery(1, Duration.ZERO))
        .hasMessage("interval must be positive, was PT0S");
  }
}
