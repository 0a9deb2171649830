package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@link Outcome}: the value or the exception of one task. */
class OutcomeTest {
  @Test
  void success_givesItsValue() {
    Outcome<String> ok = new Outcome.Success<>("v");
    assertThat(ok.isSuccess()).isTrue();
    assertThat(ok.get()).isEqualTo("v");
  }

  @Test
  void failure_throwsItsErrorWrapped_fromGet() {
    IOException error = new IOException("disk");
    Outcome<String> failed = new Outcome.Failure<>(error);
    assertThat(failed.isSuccess()).isFalse();
    assertThatThrownBy(failed::get).isInstanceOf(PipelineException.class).hasCause(error);
  }

  @Test
  void failure_rejectsANullError() {
    assertThatThrownBy(() -> new Outcome.Failure<String>(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("error");
  }

  @Test
  void outcomes_canBeMatchedExhaustively() {
    Outcome<Integer> o = new Outcome.Success<>(3);
    String text =
        switch (o) {
          case Outcome.Success<Integer>(Integer v) -> "ok " + v;
          case Outcome.Failure<Integer>(Throwable e) -> "failed " + e;
        };
    assertThat(text).isEqualTo("ok 3");
  }
}
