package dev.sluice.jsonl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: write inputs, read outputs. */
final class Files2 {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Files2() {}

  /** Writes {@code {"id": i, "x": i}} rows for i in [0, n). */
  static Path numbered(Path dir, String name, int n) throws IOException {
    Path file = dir.resolve(name);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("{\"id\":").append(i).append(",\"x\":").append(i).append("}\n");
    }
    Files.writeString(file, sb);
    return file;
  }

  static List<JsonNode> rows(Path file) {
    List<JsonNode> rows = new ArrayList<>();
    try {
      if (!Files.exists(file)) {
        return rows;
      }
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        rows.add(MAPPER.readTree(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
