package dev.sluice.jsonl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyHashTest {

  @Test
  void sameBytes_hashTheSame_atAnyOffset_andDifferFromOthers() {
    long[] out = new long[2];
    byte[] empty = new byte[0];
    KeyHash.hash(empty, 0, 0, out);
    long[] emptyHash = out.clone();
    byte[] fox = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
    KeyHash.hash(fox, 0, fox.length, out);
    assertThat(out).isNotEqualTo(emptyHash);
    long[] again = new long[2];
    byte[] padded = ("xx" + "The quick brown fox jumps over the lazy dog").getBytes(StandardCharsets.UTF_8);
    KeyHash.hash(padded, 2, fox.length, again);
    assertThat(again).isEqualTo(out);
  }

  @Test
  void everyTailLength_givesDistinctHashes() {
    Set<String> seen = new HashSet<>();
    long[] out = new long[2];
    byte[] data = new byte[64];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    for (int length = 0; length <= 64; length++) {
      KeyHash.hash(data, 0, length, out);
      assertThat(seen.add(out[0] + ":" + out[1])).isTrue();
    }
  }

  @Test
  void canonicalForm_tellsJsonTypesApart() throws Exception {
    Set<String> seen = new HashSet<>();
    for (String json : new String[] {"\"10\"", "10", "10.0", "true", "\"true\"", "[10]", "{\"a\":1}"}) {
      JsonNode node = Json.MAPPER.readTree(json);
      assertThat(seen.add(new String(KeyCodec.canonical(node), StandardCharsets.UTF_8))).isTrue();
    }
    assertThat(KeyCodec.canonical(Json.MAPPER.readTree("12345678901234567890")))
        .isEqualTo("i12345678901234567890".getBytes(StandardCharsets.UTF_8));
  }
}
