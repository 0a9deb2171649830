package dev.sluice.jsonl.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.CloseableIterator;
import dev.sluice.Pipeline;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The input of a map job, one JSON object at a time, never all in memory: the lines of a file
 * (read as bytes by {@link LineScanner}, parsed by Jackson), or the items of a pipeline (JSON
 * trees, maps or records). Blank lines are skipped but counted, so line numbers match an
 * editor's. Not thread-safe: the job's reader thread owns it.
 */
public abstract sealed class InputRows implements AutoCloseable {
  protected long line;
  protected long rows;

  public static InputRows open(JobConfig config) throws IOException {
    return config.input != null
        ? new FileRows(config.input)
        : new PipelineRows(config.inputPipeline);
  }

  /** The next row, or null at the end. */
  public abstract ObjectNode next() throws IOException, BadRow;

  /** Rows taken so far (not counting blank lines), bad ones included. */
  public long rows() {
    return rows;
  }

  /** The 1-based line (or position) of the row last returned. */
  public long line() {
    return line;
  }

  @Override
  public abstract void close() throws IOException;

  static final class FileRows extends InputRows {
    private final Path file;
    private final LineScanner scanner;

    FileRows(Path file) throws IOException {
      this.file = file;
      this.scanner = new LineScanner(file);
    }

    @Override
    public ObjectNode next() throws IOException, BadRow {
      while (scanner.next()) {
        line = scanner.lineNumber();
        if (scanner.blank()) {
          continue;
        }
        rows++;
        JsonNode node;
        try {
          node = Json.MAPPER.readTree(scanner.array(), scanner.start(), scanner.length());
        } catch (JsonProcessingException e) {
          long column = e.getLocation() == null ? 0 : Math.max(1, e.getLocation().getColumnNr());
          throw new BadRow(file, line, column, "not valid JSON: " + e.getOriginalMessage(),
              scanner.text(1000), e);
        }
        if (node == null || !node.isObject()) {
          String type = node == null ? "nothing" : "a JSON " + node.getNodeType().name().toLowerCase();
          throw new BadRow(file, line, 1, "not a JSON object but " + type, scanner.text(1000), null);
        }
        return (ObjectNode) node;
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      scanner.close();
    }
  }

  static final class PipelineRows extends InputRows {
    private final Pipeline<?> pipeline;
    private CloseableIterator<?> items;

    PipelineRows(Pipeline<?> pipeline) {
      this.pipeline = pipeline;
    }

    @Override
    public ObjectNode next() throws BadRow {
      if (items == null) {
        items = pipeline.iterator();
      }
      if (!items.hasNext()) {
        return null;
      }
      Object item = items.next();
      line++;
      rows++;
      JsonNode node;
      try {
        node = Json.tree(item);
      } catch (IllegalArgumentException e) {
        throw new BadRow(null, line, 0, "cannot turn the item into JSON: " + e.getMessage(),
            String.valueOf(item), e);
      }
      if (!node.isObject()) {
        throw new BadRow(null, line, 0,
            "not a JSON object but a JSON " + node.getNodeType().name().toLowerCase(),
            node.toString(), null);
      }
      return (ObjectNode) node;
    }

    @Override
    public void close() {
      if (items != null) {
        items.close();
      }
    }
  }
}
