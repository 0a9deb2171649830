package dev.sluice.jsonl;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.function.Function;

/**
 * What identifies a row of a job: a top-level field, a JSON pointer, a function of the row, or
 * the row's line number. A job keeps the set of finished keys, so on a rerun it skips the rows
 * whose key is done.
 *
 * <p>Two keys are equal when their JSON values are: {@code "10"} (a string) and {@code 10} (a
 * number) are different keys, and so are {@code 1} and {@code 1.0}. A row whose key is
 * missing or JSON {@code null} is a bad row (see {@link BadRows}).
 *
 * <p>Every output row carries its key, so the output alone tells which rows are done: a field
 * key keeps that field, a pointer key keeps the top-level field the pointer starts in, and a
 * computed or line-number key is written to a column of its own. That column is set from the
 * input after the function's result is merged in, so a result can never change a row's key.
 *
 * <p>Keys are immutable and thread-safe (a computed key's function must be too).
 */
public sealed interface Key {

  /**
   * The value of a top-level field.
   *
   * @param name the field name, not blank
   * @return the key
   * @throws IllegalArgumentException if {@code name} is blank
   */
  static Key field(String name) {
    return new Field(name);
  }

  /**
   * The value a JSON pointer (RFC 6901) selects, e.g. {@code "/user/id"}.
   *
   * @param pointer the pointer; it must select something below the row, so not {@code ""}
   * @return the key
   * @throws IllegalArgumentException if the pointer is not valid or is empty
   */
  static Key pointer(String pointer) {
    Objects.requireNonNull(pointer, "pointer");
    JsonPointer compiled;
    try {
      compiled = JsonPointer.compile(pointer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "pointer must be a JSON pointer such as \"/user/id\", was \"" + pointer + "\"", e);
    }
    if (compiled.matches()) {
      throw new IllegalArgumentException(
          "pointer must select a value inside the row, such as \"/user/id\", was \"\"");
    }
    return new Pointer(pointer);
  }

  /**
   * A value computed from the row, written to the output under {@code column}. The function
   * must be deterministic: a rerun computes the keys again and compares them with the output's.
   *
   * @param column the output column that holds the key, not blank
   * @param function computes the key; returns a String, number, boolean, or anything Jackson
   *     can turn into JSON; returning null makes the row a bad row
   * @return the key
   * @throws IllegalArgumentException if {@code column} is blank
   */
  static Key computed(String column, Function<? super ObjectNode, ?> function) {
    return new Computed(column, function);
  }

  /**
   * The 1-based line number in the input file (for a pipeline source, the 1-based position),
   * written to the output under the column {@code "_line"}.
   *
   * @return the key
   */
  static Key lineNumber() {
    return new LineNumber("_line");
  }

  /**
   * The 1-based line number, written to the output under {@code column}.
   *
   * @param column the output column, not blank
   * @return the key
   * @throws IllegalArgumentException if {@code column} is blank
   */
  static Key lineNumber(String column) {
    return new LineNumber(column);
  }

  /**
   * How the key is recorded in the job's identity file; two runs with different descriptions
   * are different jobs.
   *
   * @return e.g. {@code "field:id"}
   */
  String describe();

  /**
   * A top-level field.
   *
   * @param name the field name
   */
  record Field(String name) implements Key {
    /** Checks the name. */
    public Field {
      requireColumn("name", name);
    }

    @Override
    public String describe() {
      return "field:" + name;
    }
  }

  /**
   * A JSON pointer.
   *
   * @param pointer the pointer text
   */
  record Pointer(String pointer) implements Key {
    /** Checks the pointer. */
    public Pointer {
      Objects.requireNonNull(pointer, "pointer");
    }

    @Override
    public String describe() {
      return "pointer:" + pointer;
    }
  }

  /**
   * A computed key.
   *
   * @param column the output column that holds it
   * @param function computes it
   */
  record Computed(String column, Function<? super ObjectNode, ?> function) implements Key {
    /** Checks the arguments. */
    public Computed {
      requireColumn("column", column);
      Objects.requireNonNull(function, "function");
    }

    @Override
    public String describe() {
      return "computed:" + column;
    }
  }

  /**
   * The line number.
   *
   * @param column the output column that holds it
   */
  record LineNumber(String column) implements Key {
    /** Checks the column. */
    public LineNumber {
      requireColumn("column", column);
    }

    @Override
    public String describe() {
      return "line:" + column;
    }
  }

  private static void requireColumn(String parameter, String value) {
    Objects.requireNonNull(value, parameter);
    if (value.isBlank()) {
      throw new IllegalArgumentException(parameter + " must not be blank");
    }
  }
}
