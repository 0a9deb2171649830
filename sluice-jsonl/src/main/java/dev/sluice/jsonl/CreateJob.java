package dev.sluice.jsonl;

import dev.sluice.Pipeline;
import dev.sluice.jsonl.internal.JobConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A createOrResume job ({@link JsonlJob#createOrResume}): every key of a key source appears
 * exactly {@link #copies} times in the output, as rows {@code {keyColumn: key, ...result}}. The
 * function gets {@code {keyColumn: key}} and is called once per missing row, so a rerun calls
 * it only for what the output lacks. A key listed twice by the source still gets {@code copies}
 * rows. Rows in the output whose key the source does not list, or more rows than {@code
 * copies} for a key, are left as they are and reported as warnings (seed 003's {@code
 * on_error="print"}). See {@link JsonlJob} for the promise and the shared settings.
 */
public final class CreateJob extends JsonlJob<CreateJob> {

  CreateJob(Path output) {
    config.kind = JobConfig.Kind.CREATE;
    config.output = Objects.requireNonNull(output, "output");
    config.ordered = false;
  }

  /**
   * The keys (strings, numbers, or anything Jackson turns into JSON), read anew by every run
   * and never held in memory by the job.
   *
   * @param keys the keys, none null
   * @return this job
   */
  public CreateJob keys(Iterable<?> keys) {
    config.keys = Objects.requireNonNull(keys, "keys");
    config.keysPipeline = null;
    return this;
  }

  /**
   * The keys, from a pipeline that produces the same keys on every run.
   *
   * @param keys the keys
   * @return this job
   */
  public CreateJob keys(Pipeline<?> keys) {
    config.keysPipeline = Objects.requireNonNull(keys, "keys");
    config.keys = null;
    return this;
  }

  /**
   * The output column that holds the key (seed 003's {@code key_name}). Required.
   *
   * @param column the column name, not blank
   * @return this job
   * @throws IllegalArgumentException if {@code column} is blank
   */
  public CreateJob keyColumn(String column) {
    config.key = Key.field(column);
    return this;
  }

  /**
   * How many rows each key gets (seed 003's {@code key_count}). Default 1. Part of the job's
   * identity.
   *
   * @param copies at least 1
   * @return this job
   * @throws IllegalArgumentException if {@code copies < 1}
   */
  public CreateJob copies(int copies) {
    if (copies < 1) {
      throw new IllegalArgumentException("copies must be >= 1, was " + copies);
    }
    config.copies = copies;
    return this;
  }

  @Override
  JobConfig checkedCopy() {
    if (config.key == null) {
      throw new IllegalStateException("a createOrResume job needs keyColumn(...) before run");
    }
    if (config.keys == null && config.keysPipeline == null) {
      throw new IllegalStateException("a createOrResume job needs keys(...) before run");
    }
    return super.checkedCopy();
  }
}
