package dev.sluice.jsonl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyTableTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 10, 1000, 100_000})
  void insertAndFind_agreeWithAHashSet_acrossGrowth(int n) {
    KeyTable table = new KeyTable(1, true, true, true);
    Random random = new Random(n);
    Set<String> reference = new HashSet<>();
    long[][] keys = new long[n][];
    for (int i = 0; i < n; i++) {
      long hi = random.nextLong();
      long lo = random.nextLong();
      keys[i] = new long[] {hi, lo};
      int slot = table.insert(hi, lo);
      table.setOffset(slot, i);
      table.addWritten(slot);
      reference.add(hi + ":" + lo);
    }
    assertThat(table.size()).isEqualTo(reference.size());
    for (int i = 0; i < n; i++) {
      int slot = table.find(keys[i][0], keys[i][1]);
      assertThat(slot).isNotNegative();
      assertThat(table.offset(slot)).isEqualTo(i);
      assertThat(table.written(slot)).isEqualTo(1);
    }
    assertThat(table.find(random.nextLong(), random.nextLong())).isEqualTo(-1);
    assertThat(table.size()).isLessThanOrEqualTo((int) (table.capacity() * 0.75) + 1);
  }

  @Test
  void flags_areKeptPerKey_andTheZeroHashIsAKeyLikeAnother() {
    KeyTable table = new KeyTable(4, false, false, false);
    int zero = table.insert(0, 0);
    table.set(zero, KeyTable.DONE);
    int other = table.insert(5, 6);
    table.set(other, KeyTable.SEEN | KeyTable.FAILED);
    assertThat(table.has(table.find(0, 0), KeyTable.DONE)).isTrue();
    assertThat(table.has(table.find(5, 6), KeyTable.DONE)).isFalse();
    assertThat(table.has(table.find(5, 6), KeyTable.FAILED)).isTrue();
    assertThat(table.insert(0, 0)).isEqualTo(zero);
    assertThat(table.size()).isEqualTo(2);
  }

  @Test
  void bytesPerKey_forAMapJob_isUnder26() {
    KeyTable table = new KeyTable(1_000_000, false, false, false);
    assertThat(table.bytes() / 1_000_000.0).isLessThan(26);
  }
}
