package dev.sluice.jsonl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Builds output rows: the key column first, then the kept input columns (all, or the chosen
 * ones, in input order), then the function's result, merged field by field (a result field
 * replaces an input field of the same name) or put under one field. The key column is set again
 * from the input last, so a result can never change a row's key, which the resume relies on.
 * The kept part is copied before the function runs, so a function that changes its row does
 * not change the output. Thread-safe.
 */
public final class RowShaper {
  private final KeyCodec codec;
  private final List<String> keep;
  private final String resultField;

  /**
   * @param keep the input columns to keep, or null for all
   * @param resultField the field to put the result under, or null to merge it
   */
  public RowShaper(KeyCodec codec, List<String> keep, String resultField) {
    this.codec = codec;
    this.keep = keep;
    this.resultField = resultField;
  }

  /** The output row before the result: the key column and the kept columns (a shallow copy). */
  public ObjectNode partial(ObjectNode input, JsonNode keyValue) {
    ObjectNode out = Json.object();
    String column = codec.column();
    out.set(column, codec.columnValue(input, keyValue));
    if (keep == null) {
      for (Map.Entry<String, JsonNode> field : input.properties()) {
        if (!field.getKey().equals(column)) {
          out.set(field.getKey(), field.getValue());
        }
      }
    } else {
      for (String name : keep) {
        JsonNode value = input.get(name);
        if (value != null && !name.equals(column)) {
          out.set(name, value);
        }
      }
    }
    return out;
  }

  /**
   * Checks a result and turns it into JSON.
   *
   * @throws IllegalArgumentException when merging and the result is not a JSON object
   */
  public JsonNode result(Object value) {
    if (value == null) {
      throw new NullPointerException("the function returned null");
    }
    JsonNode result = Json.tree(value);
    if (resultField == null && !result.isObject()) {
      throw new IllegalArgumentException(
          "the function returned a JSON " + result.getNodeType().name().toLowerCase()
              + ", but the job merges results into rows, which needs an object; return an"
              + " object or set resultField");
    }
    return result;
  }

  /** The full output row: a fresh copy of {@code partial} with the result added. */
  public ObjectNode complete(ObjectNode partial, JsonNode result) {
    ObjectNode out = Json.object();
    out.setAll(partial);
    JsonNode keyColumn = partial.get(codec.column());
    if (resultField == null) {
      out.setAll((ObjectNode) result);
    } else {
      out.set(resultField, result);
    }
    out.set(codec.column(), keyColumn);
    return out;
  }
}
