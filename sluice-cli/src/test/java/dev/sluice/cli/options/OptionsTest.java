package dev.sluice.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test
  void durationsNeedAUnit() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> Durations.parse("30")).hasMessageContaining("500ms, 30s, 2m");
    assertThatThrownBy(() -> Durations.parse("-1s")).hasMessageContaining("not a duration");
    assertThat(Durations.format(Duration.ofMillis(850))).isEqualTo("850ms");
    assertThat(Durations.format(Duration.ofMillis(4200))).isEqualTo("4.2s");
    assertThat(Durations.format(Duration.ofSeconds(185))).isEqualTo("3m05s");
    assertThat(Durations.format(Duration.ofMinutes(62))).isEqualTo("1h02m");
  }

  @Test
  void ratesPerSecondMinuteOrHour() {
    assertThat(Rate.parse("10/s").perSecond()).isEqualTo(10.0);
    assertThat(Rate.parse("600/m").perSecond()).isEqualTo(10.0);
    assertThat(Rate.parse("3600/h").perSecond()).isEqualTo(1.0);
    assertThat(Rate.parse("0.5/s").perSecond()).isEqualTo(0.5);
    assertThatThrownBy(() -> Rate.parse("10")).hasMessageContaining("10/s, 600/m");
    assertThatThrownBy(() -> Rate.parse("0/s")).hasMessageContaining("above zero");
  }
}
