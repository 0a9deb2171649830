package dev.sluice.jsonl;

import dev.sluice.Pipeline;
import dev.sluice.jsonl.internal.JobConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A map job ({@link JsonlJob#map}) or a map-by-key job ({@link JsonlJob#mapByKey}), with the
 * settings only they have: the key, the kept columns, bad-row handling, and for mapByKey the
 * result cache. See {@link JsonlJob} for the promise and the shared settings.
 *
 * <h2>Map by key</h2>
 * The first row of each key (in input order) is passed to the function; every row with that
 * key gets the result. Results go to a journal beside the output ({@code NAME.results.jsonl})
 * before any row that uses them, so a rerun never calls the function again for a key that has
 * a result, even if none of its rows was written yet. In memory the job holds the key table
 * (about 47 bytes per distinct key) and at most {@link #resultCache} results; others are read
 * back from the journal when a later row needs them. A key whose call failed fails all its rows
 * in that run (one errors-file record per key).
 */
public final class MapJob extends JsonlJob<MapJob> {

  MapJob(JobConfig.Kind kind, Path input, Pipeline<?> inputPipeline, Path output) {
    config.kind = kind;
    config.input = input;
    config.inputPipeline = inputPipeline;
    config.output = Objects.requireNonNull(output, "output");
    config.key = kind == JobConfig.Kind.MAP ? Key.lineNumber() : null;
    if (input != null && input.toAbsolutePath().normalize().equals(
        output.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("output must not be the input file, was " + output);
    }
  }

  /**
   * What identifies a row. Default for map: {@link Key#lineNumber()}; mapByKey needs one that
   * rows share, so not the line number. Part of the job's identity.
   *
   * @param key the key
   * @return this job
   * @throws IllegalArgumentException for a line-number key on a mapByKey job
   */
  public MapJob key(Key key) {
    Objects.requireNonNull(key, "key");
    if (config.kind == JobConfig.Kind.MAP_BY_KEY && key instanceof Key.LineNumber) {
      throw new IllegalArgumentException(
          "key must be one that rows can share for mapByKey; the line number is unique per row"
              + " (use map for one call per row)");
    }
    config.key = key;
    return this;
  }

  /**
   * Keeps only these input columns in the output (seed 003's {@code keep_columns}); the key
   * column is always kept. Default: all columns. Part of the job's identity.
   *
   * @param columns the column names, none blank
   * @return this job
   * @throws IllegalArgumentException if a name is blank
   */
  public MapJob keepColumns(String... columns) {
    Objects.requireNonNull(columns, "columns");
    for (String column : columns) {
      Objects.requireNonNull(column, "columns[i]");
      if (column.isBlank()) {
        throw new IllegalArgumentException("columns must not hold a blank name");
      }
    }
    config.keepColumns = List.of(columns);
    return this;
  }

  /**
   * What to do with bad input rows. Default {@link BadRows#FAIL}.
   *
   * @param policy the policy
   * @return this job
   */
  public MapJob badRows(BadRows policy) {
    config.badRows = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Where rejected rows are recorded. Default: beside the output, {@code NAME.rejects.jsonl}.
   *
   * @param file the rejects file
   * @return this job
   */
  public MapJob rejectsFile(Path file) {
    config.rejectsFile = Objects.requireNonNull(file, "file");
    return this;
  }

  /**
   * For mapByKey: how many results to keep in memory; others are read back from the journal.
   * Default 10,000.
   *
   * @param entries at least 0
   * @return this job
   * @throws IllegalArgumentException if {@code entries < 0}
   * @throws IllegalStateException on a map job, which holds no results
   */
  public MapJob resultCache(int entries) {
    if (config.kind != JobConfig.Kind.MAP_BY_KEY) {
      throw new IllegalStateException("resultCache applies to mapByKey jobs only");
    }
    if (entries < 0) {
      throw new IllegalArgumentException("entries must be >= 0, was " + entries);
    }
    config.resultCache = entries;
    return this;
  }

  @Override
  JobConfig checkedCopy() {
    if (config.key == null) {
      throw new IllegalStateException(
          "a mapByKey job needs a key: call key(Key.field(...)) before run");
    }
    return super.checkedCopy();
  }
}
