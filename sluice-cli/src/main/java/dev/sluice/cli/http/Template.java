package dev.sluice.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.job.PermanentFailure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A text with placeholders for row fields: {@code ${.text}}, {@code ${.user.name}}, {@code
 * ${.}} (the whole row); {@code $$} is a literal {@code $}. What is substituted is always
 * encoded for where it goes, never pasted raw, so a row cannot break out of the text it is
 * placed in:
 *
 * <ul>
 *   <li>in a body template, a value becomes its JSON: a string is quoted and escaped, a number
 *       stays a number, an object stays an object; so {@code {"text": ${.text}}} is valid JSON
 *       whatever the text holds;
 *   <li>in a URL, a value is percent-encoded (a string's characters, or other values' JSON).
 * </ul>
 *
 * A placeholder whose field the row lacks fails that row (it goes to the errors file) rather
 * than sending {@code null} to the API. Immutable and thread-safe.
 */
public final class Template {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How substituted values are written. */
  public enum Encoding {
    /** As JSON values. */
    JSON,
    /** Percent-encoded, for URLs. */
    URL
  }

  private sealed interface Part {}

  private record Literal(String text) implements Part {}

  private record Field(String source, List<String> path) implements Part {}

  private final String source;
  private final List<Part> parts;
  private final Encoding encoding;

  private Template(String source, List<Part> parts, Encoding encoding) {
    this.source = source;
    this.parts = parts;
    this.encoding = encoding;
  }

  /**
   * Parses a template.
   *
   * @param source the text
   * @param encoding how values are written
   * @return the template
   * @throws IllegalArgumentException naming the position of a malformed placeholder
   */
  public static Template parse(String source, Encoding encoding) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '$' && i + 1 < source.length() && source.charAt(i + 1) == '$') {
        literal.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
        int end = source.indexOf('}', i);
        if (end < 0) {
          throw new IllegalArgumentException(
              "unclosed placeholder at character " + (i + 1) + ": '${' without '}'");
        }
        String expression = source.substring(i + 2, end).trim();
        if (!expression.startsWith(".")) {
          throw new IllegalArgumentException(
              "placeholder '${" + expression + "}' at character " + (i + 1)
                  + " must name a row field starting with '.', e.g. ${.text} or ${.user.name},"
                  + " or be ${.} for the whole row (write $$ for a literal $)");
        }
        List<String> path = new ArrayList<>();
        if (!expression.equals(".")) {
          for (String name : expression.substring(1).split("\\.", -1)) {
            if (name.isEmpty()) {
              throw new IllegalArgumentException(
                  "placeholder '${" + expression + "}' at character " + (i + 1)
                      + " has an empty field name");
            }
            path.add(name);
          }
        }
        if (!literal.isEmpty()) {
          parts.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        parts.add(new Field("${" + expression + "}", List.copyOf(path)));
        i = end + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    if (!literal.isEmpty()) {
      parts.add(new Literal(literal.toString()));
    }
    return new Template(source, List.copyOf(parts), encoding);
  }

  /**
   * Whether the template has any placeholder.
   *
   * @return true if it does
   */
  public boolean hasFields() {
    return parts.stream().anyMatch(p -> p instanceof Field);
  }

  /**
   * Fills the template from a row.
   *
   * @param row the row
   * @return the text
   * @throws PermanentFailure if the row lacks a field the template names
   */
  public String render(ObjectNode row) throws PermanentFailure {
    StringBuilder out = new StringBuilder(source.length() + 64);
    for (Part part : parts) {
      switch (part) {
        case Literal l -> out.append(l.text());
        case Field f -> out.append(encode(lookup(row, f)));
      }
    }
    return out.toString();
  }

  /**
   * Fills every placeholder with the same sample value, to check the template's shape before
   * the job starts.
   *
   * @param sample the value to substitute
   * @return the text
   */
  public String renderSample(JsonNode sample) {
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      switch (part) {
        case Literal l -> out.append(l.text());
        case Field f -> out.append(encode(sample));
      }
    }
    return out.toString();
  }

  private static JsonNode lookup(ObjectNode row, Field field) throws PermanentFailure {
    JsonNode node = row;
    for (String name : field.path()) {
      node = node.isObject() ? node.get(name) : null;
      if (node == null) {
        throw new PermanentFailure(
            "the row has no field for " + field.source() + " of the template");
      }
    }
    return node;
  }

  private String encode(JsonNode value) {
    return switch (encoding) {
      case JSON -> value.toString();
      case URL ->
          URLEncoder.encode(value.isTextual() ? value.textValue() : value.toString(),
                  StandardCharsets.UTF_8)
              .replace("+", "%20");
    };
  }

  /**
   * Checks that a body template is JSON whatever strings are substituted: with a string in
   * every placeholder the result must parse. This catches the commonest mistake, quoting a
   * placeholder ({@code "${.text}"}), which would send {@code ""hello""}.
   *
   * @throws IllegalArgumentException explaining the problem
   */
  public void requireJson() {
    String sample = renderSample(JSON.getNodeFactory().textNode("sample"));
    try {
      JSON.readTree(sample);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "is not valid JSON once its placeholders are filled (with \"sample\" for each):"
              + " got " + sample + ". Placeholders are replaced by JSON values, quotes"
              + " included, so write {\"text\": ${.text}}, not {\"text\": \"${.text}\"}");
    }
  }

  @Override
  public String toString() {
    return source;
  }
}
