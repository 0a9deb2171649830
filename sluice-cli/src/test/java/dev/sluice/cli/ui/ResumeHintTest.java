package dev.sluice.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResumeHintTest {
  @Test
  void repeatsTheCommandWithoutRestartAndWithoutTypedSecrets() {
    String hint = ResumeHint.command("./sluice", List.of("map", "in put.jsonl", "-o", "out.jsonl",
        "--url", "https://h/x?a=1&b=2", "--header", "Authorization: Bearer ${TOKEN}",
        "-H", "X-Key: abc123", "--header=X-Other: zzz", "--restart",
        "--body-template", "{\"t\": ${.t}}", "--", "python3", "it's.py"));
    assertThat(hint).isEqualTo("./sluice map 'in put.jsonl' -o out.jsonl --url 'https://h/x?a=1&b=2'"
        + " --header 'Authorization: Bearer ${TOKEN}' -H 'X-Key: <hidden>'"
        + " '--header=X-Other: <hidden>' --body-template '{\"t\": ${.t}}' -- python3 'it'\"'\"'s.py'");
    assertThat(hint).doesNotContain("abc123").doesNotContain("zzz").doesNotContain("--restart");
  }
}
