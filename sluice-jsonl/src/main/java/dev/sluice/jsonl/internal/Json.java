package dev.sluice.jsonl.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/** The one Jackson mapper of the module (thread-safe once configured) and line helpers. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  public static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

  private Json() {}

  /** The compact JSON of a node followed by a newline: one JSONL line, written in one call. */
  public static byte[] line(JsonNode node) {
    try {
      byte[] json = MAPPER.writeValueAsBytes(node);
      byte[] line = Arrays.copyOf(json, json.length + 1);
      line[json.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
  }

  /** A Java value (JsonNode, Map, record, String, number...) as a JSON tree. */
  public static JsonNode tree(Object value) {
    return value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
  }

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /** The error of a failed call, short enough for one line of the errors file. */
  public static String describe(Throwable error) {
    String text = error.toString();
    return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
  }
}
