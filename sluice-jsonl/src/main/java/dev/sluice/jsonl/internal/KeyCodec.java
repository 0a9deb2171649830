package dev.sluice.jsonl.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.jsonl.Key;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a row's key, from a parsed input row or straight from the bytes of an output line, and
 * turns it into its 128-bit hash. The hash is taken over a canonical form that tags the JSON
 * type ({@code s} string, {@code i} integer, {@code f} other number, {@code b} boolean, {@code j}
 * object or array), so {@code "10"} and {@code 10} are different keys. Thread-safe.
 */
public final class KeyCodec {
  private final Key key;
  /** The top-level output column that carries the key. */
  private final String column;
  /** For a pointer key, the rest of the pointer below {@link #column}; else null. */
  private final JsonPointer below;
  private final JsonPointer pointer;

  public KeyCodec(Key key) {
    this.key = key;
    switch (key) {
      case Key.Field f -> {
        column = f.name();
        below = null;
        pointer = null;
      }
      case Key.Pointer p -> {
        pointer = JsonPointer.compile(p.pointer());
        column = pointer.getMatchingProperty();
        below = pointer.tail();
      }
      case Key.Computed c -> {
        column = c.column();
        below = null;
        pointer = null;
      }
      case Key.LineNumber l -> {
        column = l.column();
        below = null;
        pointer = null;
      }
    }
  }

  public Key key() {
    return key;
  }

  /** The top-level output column that carries the key. */
  public String column() {
    return column;
  }

  /** The key of an input row, or null when it is missing or JSON null. */
  public JsonNode fromInput(ObjectNode row, long line) {
    JsonNode value =
        switch (key) {
          case Key.Field f -> row.get(f.name());
          case Key.Pointer p -> row.at(pointer);
          case Key.Computed c -> {
            Object computed = c.function().apply(row);
            yield computed == null ? null : Json.tree(computed);
          }
          case Key.LineNumber l -> Json.NODES.numberNode(line);
        };
    return present(value);
  }

  /** The value the output column carries for a row: for a pointer key, the whole field. */
  public JsonNode columnValue(ObjectNode input, JsonNode keyValue) {
    return switch (key) {
      case Key.Field f -> keyValue;
      case Key.Pointer p -> input.get(column);
      case Key.Computed c -> keyValue;
      case Key.LineNumber l -> keyValue;
    };
  }

  /**
   * The key of an output line, parsing the line fully (so a line that is not one JSON object is
   * caught) but building a tree only for the key column.
   *
   * @return the key, or null when the line has none
   * @throws IOException when the line is not a JSON object
   */
  public JsonNode fromLine(byte[] bytes, int offset, int length) throws IOException {
    try (JsonParser parser = Json.MAPPER.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonParseException(parser, "not a JSON object");
      }
      JsonNode found = null;
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        boolean wanted = found == null && column.equals(parser.currentName());
        parser.nextToken();
        if (wanted) {
          found = parser.readValueAsTree();
        } else {
          parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT) {
        throw new JsonParseException(parser, "unexpected " + token);
      }
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "more than one JSON value on the line");
      }
      if (found != null && below != null) {
        found = found.at(below);
      }
      return present(found);
    }
  }

  private static JsonNode present(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode() ? null : value;
  }

  /** The hash of a key value; {@code out} gets (high, low). */
  public static void hash(JsonNode value, long[] out) {
    byte[] canonical = canonical(value);
    KeyHash.hash(canonical, 0, canonical.length, out);
  }

  static byte[] canonical(JsonNode value) {
    String text;
    if (value.isTextual()) {
      text = "s" + value.textValue();
    } else if (value.isIntegralNumber()) {
      text = "i" + value.bigIntegerValue();
    } else if (value.isNumber()) {
      text = "f" + value.asText();
    } else if (value.isBoolean()) {
      text = value.booleanValue() ? "b1" : "b0";
    } else {
      text = "j" + value;
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
