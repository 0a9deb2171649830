package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The checks that make a wrong peer implementation fail instead of looking fast. */
class TallyTest {

  private static Tally tallyOf(long... values) {
    Tally tally = new Tally();
    for (long v : values) {
      tally.add(v);
    }
    return tally;
  }

  @Test
  void acceptsTheExpectedItemsInOrder() {
    assertThatCode(() -> tallyOf(1, 2, 3).verify(3, Tally.sumOfRange(1, 3), true)).doesNotThrowAnyException();
  }

  @Test
  void rejectsAMissingItem() {
    assertThatThrownBy(() -> tallyOf(1, 3).verify(3, Tally.sumOfRange(1, 3), false))
        .hasMessageContaining("expected 3 items, got 2");
  }

  @Test
  void rejectsARepeatedItemInPlaceOfAnother() {
    assertThatThrownBy(() -> tallyOf(1, 1, 3).verify(3, Tally.sumOfRange(1, 3), false))
        .hasMessageContaining("summing to 6");
  }

  @Test
  void rejectsItemsOutOfOrderOnlyWhenOrderIsPromised() {
    assertThatThrownBy(() -> tallyOf(2, 1, 3).verify(3, Tally.sumOfRange(1, 3), true))
        .hasMessageContaining("out of order");
    assertThatCode(() -> tallyOf(2, 1, 3).verify(3, Tally.sumOfRange(1, 3), false)).doesNotThrowAnyException();
  }
}
