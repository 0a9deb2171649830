package dev.sluice.jsonl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.jsonl.OutputRefusedException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The identity file ({@code out.sluice.json}) that says which job an output belongs to: kind,
 * key, order, kept columns, result shape and copies. A job appends only to an output whose
 * identity matches its own; an output with rows but no identity file, or another job's, is
 * refused and never touched. Two settings may change between runs: an ordered job's output may
 * be continued unordered (it is then recorded as unordered), but not the other way round, since
 * an unordered output is not in input order; and {@code keepFailed} may change, except from
 * true to false on an ordered job, whose retried rows would land out of order. The file is replaced atomically (write, fsync, rename).
 */
public final class JobIdentity {
  private JobIdentity() {}

  public static ObjectNode of(JobConfig c) {
    ObjectNode id = Json.object();
    id.put("sluice-jsonl", 1);
    id.put("kind", c.kind.name().toLowerCase().replace('_', '-'));
    id.put("key", c.key.describe());
    id.put("ordered", c.ordered);
    if (c.keepColumns == null) {
      id.put("keep", "*");
    } else {
      c.keepColumns.forEach(id.putArray("keep")::add);
    }
    id.put("result", c.resultField == null ? "merge" : "field:" + c.resultField);
    id.put("copies", c.copies);
    id.put("keepFailed", c.keepFailed);
    return id;
  }

  /** Checks the output belongs to this job, writing the identity file for a new output. */
  public static void check(JobFiles files, JobConfig config) throws IOException {
    ObjectNode mine = of(config);
    Path output = files.output();
    boolean hasRows = Files.exists(output) && Files.size(output) > 0;
    if (!Files.exists(output)) {
      // A new job, or one whose output was removed to start over: the errors file and results
      // journal left beside it belong to rows that are gone, so they go too. (An output that
      // exists but is empty is a job that crashed before its first row: its journal is kept.)
      Files.deleteIfExists(files.errors());
      Files.deleteIfExists(files.journal());
    }
    if (!hasRows) {
      write(files.identity(), mine);
      return;
    }
    if (!Files.exists(files.identity())) {
      throw new OutputRefusedException(
          output,
          output + " already holds data but has no " + files.identity().getFileName()
              + ", so it was not written by a Sluice JSONL job; refusing to append to it (it is"
              + " left untouched). Choose another output file, or move this one away.",
          null);
    }
    JsonNode theirs;
    try {
      theirs = Json.MAPPER.readTree(files.identity().toFile());
    } catch (IOException e) {
      throw new OutputRefusedException(
          output, files.identity() + " is not valid JSON (" + e.getMessage() + ")", e);
    }
    List<String> differences = new ArrayList<>();
    boolean relaxOrder = false;
    for (String field : List.of("sluice-jsonl", "kind", "key", "keep", "result", "copies")) {
      if (!mine.path(field).equals(theirs.path(field))) {
        differences.add(field + " is " + mine.path(field) + " here but " + theirs.path(field)
            + " in the output's job");
      }
    }
    boolean theirOrdered = theirs.path("ordered").asBoolean(false);
    boolean theirKeepFailed = theirs.path("keepFailed").asBoolean(false);
    if (config.ordered && !theirOrdered) {
      differences.add("this job is ordered but the output was written unordered, so it is not"
          + " in input order");
    } else if (config.ordered && theirKeepFailed && !config.keepFailed) {
      differences.add("this ordered job would retry the rows an earlier run kept failed, but"
          + " their rows would land after later rows and break the input order (set"
          + " keepFailed(true), or run unordered)");
    } else if (theirOrdered != config.ordered || theirKeepFailed != config.keepFailed) {
      relaxOrder = true;
    }
    if (!differences.isEmpty()) {
      throw new OutputRefusedException(
          output,
          output + " belongs to a different job (" + files.identity().getFileName() + "): "
              + String.join("; ", differences) + ". Refusing to mix two jobs in one file; it is"
              + " left untouched. Use another output file, or run the job that wrote it.",
          null);
    }
    if (relaxOrder) {
      write(files.identity(), mine);
    }
  }

  static void write(Path file, ObjectNode identity) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(identity));
    try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
