package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Test data: writing inputs and reading outputs as JSON rows. */
final class Rows {
  static final ObjectMapper JSON = new ObjectMapper();

  private Rows() {}

  /** Writes rows {"id": "r1", "n": 1, ...extra} for ids 1..count. */
  static Path input(Path file, int count, IntFunction<String> extra) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      String more = extra == null ? "" : extra.apply(i);
      text.append("{\"id\":\"r").append(i).append("\",\"n\":").append(i)
          .append(more.isEmpty() ? "" : "," + more).append("}\n");
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    if (!Files.exists(file)) {
      return rows;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        rows.add(JSON.readTree(line));
      }
    }
    return rows;
  }

  /** How many times each id appears in the rows, by the given field. */
  static Map<String, Integer> counts(List<JsonNode> rows, String field) {
    Map<String, Integer> counts = new HashMap<>();
    for (JsonNode row : rows) {
      counts.merge(row.path(field).asText(), 1, Integer::sum);
    }
    return counts;
  }
}
