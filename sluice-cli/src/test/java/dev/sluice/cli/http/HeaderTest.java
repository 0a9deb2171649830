package dev.sluice.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderTest {
  @Test
  void expandsEnvironmentVariablesAndNeverShowsTheValue() {
    Header h = Header.parse("Authorization: Bearer ${TOKEN}", Map.of("TOKEN", "s3cret"));
    assertThat(h.name()).isEqualTo("Authorization");
    assertThat(h.value()).isEqualTo("Bearer s3cret");
    assertThat(h.display()).isEqualTo("Authorization: Bearer ${TOKEN}");
    assertThat(h.toString()).doesNotContain("s3cret");

    Header typed = Header.parse("X-Key: typed-secret", Map.of());
    assertThat(typed.display()).isEqualTo("X-Key: <hidden>").doesNotContain("typed-secret");
  }

  @Test
  void errorsNameTheProblemButNotTheValue() {
    assertThatThrownBy(() -> Header.parse("X-Key: ${MISSING}", Map.of()))
        .hasMessage("header 'X-Key' uses ${MISSING}, but the environment variable MISSING is not set");
    assertThatThrownBy(() -> Header.parse("no colon here", Map.of()))
        .hasMessageContaining("expected 'Name: value'");
    assertThatThrownBy(() -> Header.parse("Bad Name: v", Map.of()))
        .hasMessageContaining("not a valid header name");
    assertThatThrownBy(() -> Header.parse("Host: example.com", Map.of()))
        .hasMessageContaining("set by the HTTP client");
    assertThatThrownBy(() -> Header.parse("X-A: ${V}", Map.of("V", "a\r\nInjected: 1")))
        .hasMessageContaining("line break").message().doesNotContain("Injected");
  }
}
