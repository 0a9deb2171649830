package dev.sluice.jsonl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.CheckedFunction;
import dev.sluice.Pipeline;
import dev.sluice.RetryPolicy;
import dev.sluice.jsonl.internal.JobConfig;
import dev.sluice.jsonl.internal.JobRunner;
import dev.sluice.jsonl.internal.UserFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A resumable JSONL job: the entry point ({@link #map}, {@link #mapByKey}, {@link
 * #createOrResume}) and the settings all jobs share. Configure it builder-style, then call
 * {@link #run} (blocking function) or {@link #runAsync} (function returning a {@code
 * CompletionStage}). Each setter checks its argument at once and names the rule it breaks.
 *
 * {@snippet :
 * JobReport report = JsonlJob.map(Path.of("in.jsonl"), Path.of("out.jsonl"))
 *     .key(Key.field("id"))
 *     .concurrency(16)
 *     .listener(JobListener.printing(System.err))
 *     .run(row -> Map.of("length", row.path("text").asText().length()));
 * }
 *
 * <h2>The promise</h2>
 * A crash, a deploy or Ctrl-C at any moment costs nothing: running the same job again continues
 * where it stopped, never calls the function again for a row that is in the output, and never
 * writes a row twice. Lines are written whole; a torn last line is cut on start. The finished
 * keys are rebuilt by streaming the output (the input is never held in memory) into a compact
 * table of 128-bit key hashes (about 26 bytes per key for a map job: 250 MB for 10 million).
 * Only one process at a time may run a job on an output (an OS file lock); an output written by
 * another job, or by something else, is refused and never touched.
 *
 * <h2>Ordering</h2>
 * Ordered by default: the output is in input order, always, across any number of crashes, so
 * at every moment it holds a prefix of the input's rows. For that, a row that fails for good
 * stops an ordered run (see {@link #keepFailed}); unordered jobs write rows as they finish and
 * go on past failures.
 *
 * <h2>Concurrency and back-pressure</h2>
 * At most {@link #concurrency} calls of the function run at once (blocking functions on virtual
 * threads); the input is read only as fast as rows are written, with at most {@code max(4 *
 * concurrency, 256)} rows in flight.
 *
 * <h2>Errors</h2>
 * A call that throws (or whose stage fails) is retried ({@link #retries}); a row still failing
 * goes to the errors file with its key, line, error and attempt count, and is retried by the
 * next run unless {@link #keepFailed} is set. Bad input rows follow {@link #badRows}. I/O
 * errors and refusals are thrown as {@link JsonlException}s. Interrupting the thread in {@code
 * run} stops the job like a crash would, minus the torn line.
 *
 * <p>A job object is a mutable builder, not thread-safe; each {@code run} uses a copy of its
 * settings, so a job can be run again (that is how it resumes).
 *
 * @param <B> the concrete job type, returned by the setters
 */
public abstract sealed class JsonlJob<B extends JsonlJob<B>> permits MapJob, CreateJob {
  final JobConfig config = new JobConfig();

  JsonlJob() {}

  /**
   * A map job over a JSONL file: one call per row, one output row per input row. Defaults: key
   * = the line number, ordered, all columns kept, result merged, concurrency 8.
   *
   * @param input the input file
   * @param output the output file; created, or resumed if it holds this job's rows
   * @return the job, to configure
   */
  public static MapJob map(Path input, Path output) {
    return new MapJob(JobConfig.Kind.MAP, requireInput(input), null, output);
  }

  /**
   * A map job over a pipeline of JSON objects ({@code ObjectNode}s, maps or records): on a
   * rerun the pipeline is read again from its start, so it must produce the same rows in the
   * same order (the position in it is the line number).
   *
   * @param input the rows
   * @param output the output file
   * @return the job, to configure
   */
  public static MapJob map(Pipeline<?> input, Path output) {
    Objects.requireNonNull(input, "input");
    return new MapJob(JobConfig.Kind.MAP, null, input, output);
  }

  /**
   * Seed 003's {@code map_by_key_jsonl_file}: one call per distinct key, its result copied to
   * every row with that key; one output row per input row. A key is required.
   *
   * @param input the input file
   * @param output the output file
   * @return the job, to configure
   */
  public static MapJob mapByKey(Path input, Path output) {
    return new MapJob(JobConfig.Kind.MAP_BY_KEY, requireInput(input), null, output);
  }

  /**
   * {@link #mapByKey(Path, Path)} over a pipeline of JSON objects.
   *
   * @param input the rows
   * @param output the output file
   * @return the job, to configure
   */
  public static MapJob mapByKey(Pipeline<?> input, Path output) {
    Objects.requireNonNull(input, "input");
    return new MapJob(JobConfig.Kind.MAP_BY_KEY, null, input, output);
  }

  /**
   * Seed 003's {@code create_or_resume_jsonl_file}: every key of a key source appears exactly
   * {@code copies} times in the output; a rerun produces only the missing rows. Defaults:
   * unordered, one copy.
   *
   * @param output the output file
   * @return the job, to configure
   */
  public static CreateJob createOrResume(Path output) {
    return new CreateJob(output);
  }

  private static Path requireInput(Path input) {
    return Objects.requireNonNull(input, "input");
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * How many calls of the function may run at once. Default 8.
   *
   * @param concurrency at least 1
   * @return this job
   * @throws IllegalArgumentException if {@code concurrency < 1}
   */
  public B concurrency(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
    }
    config.concurrency = concurrency;
    return self();
  }

  /**
   * Whether the output keeps input order (see the class notes). Part of the job's identity; an
   * ordered job's output may be continued unordered, not the other way round.
   *
   * @param ordered true for input order
   * @return this job
   */
  public B ordered(boolean ordered) {
    config.ordered = ordered;
    return self();
  }

  /**
   * Puts the function's result under one field of the output row, instead of merging its
   * fields into the row (the default, which needs the result to be a JSON object).
   *
   * @param field the field name, not blank
   * @return this job
   * @throws IllegalArgumentException if {@code field} is blank
   */
  public B resultField(String field) {
    Objects.requireNonNull(field, "field");
    if (field.isBlank()) {
      throw new IllegalArgumentException("field must not be blank");
    }
    config.resultField = field;
    return self();
  }

  /**
   * How many times a row's function is called before the row counts as failed, and the first
   * wait between calls (doubling each time, at most 30 s, with full jitter); every exception is
   * retried. Default 3 and 200 ms. For finer control, see {@link #retry(RetryPolicy)}.
   *
   * @param maxAttempts calls per row per run, at least 1 (1 = no retry)
   * @param backoff the first wait; not negative
   * @return this job
   * @throws IllegalArgumentException if {@code maxAttempts < 1} or {@code backoff} is negative
   */
  public B retries(int maxAttempts, Duration backoff) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    Objects.requireNonNull(backoff, "backoff");
    if (backoff.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative, was " + backoff);
    }
    config.retry = JobConfig.retries(maxAttempts, backoff);
    return self();
  }

  /**
   * How a row's failed calls are retried: the core's {@link RetryPolicy}, with its attempts,
   * back-off and jitter, which failures to retry, and a server's delay when the function throws
   * a {@link dev.sluice.RetryAfterException}. A row whose call fails for good goes to the errors
   * file with the number of calls it took. An interrupt is never retried: it means the run is
   * stopping. Replaces {@link #retries}.
   *
   * @param policy the policy
   * @return this job
   */
  public B retry(RetryPolicy policy) {
    config.retry = Objects.requireNonNull(policy, "policy");
    return self();
  }

  /**
   * Whether rows that failed in an earlier run stay failed (skipped, their errors-file records
   * kept) instead of being retried, which is the default. With it, an ordered job also goes on
   * past a failed row instead of stopping.
   *
   * @param keepFailed true to keep failed rows failed
   * @return this job
   */
  public B keepFailed(boolean keepFailed) {
    config.keepFailed = keepFailed;
    return self();
  }

  /**
   * When written lines are forced to disk. Default {@link Durability#flushEachLine()}.
   *
   * @param durability the policy
   * @return this job
   */
  public B durability(Durability durability) {
    config.durability = Objects.requireNonNull(durability, "durability");
    return self();
  }

  /**
   * Who hears about the job's start, progress and end. Default {@link JobListener#none()}.
   *
   * @param listener the listener
   * @return this job
   */
  public B listener(JobListener listener) {
    config.listener = Objects.requireNonNull(listener, "listener");
    return self();
  }

  /**
   * How often {@link JobListener#progress} is called. Default 1 s.
   *
   * @param interval positive
   * @return this job
   * @throws IllegalArgumentException if {@code interval} is not positive
   */
  public B progressInterval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    config.progressInterval = interval;
    return self();
  }

  /**
   * Where failed rows are recorded. Default: beside the output, {@code NAME.errors.jsonl}.
   *
   * @param file the errors file
   * @return this job
   */
  public B errorsFile(Path file) {
    config.errorsFile = Objects.requireNonNull(file, "file");
    return self();
  }

  /**
   * Runs the job with a blocking function, called on virtual threads, and returns when every
   * row is done, or the job stopped (see {@link JobReport#complete()}).
   *
   * @param function gets the input row (for createOrResume, {@code {keyColumn: key}}) and
   *     returns the result: a JSON tree, a map, a record, anything Jackson can turn into JSON;
   *     an object when the result is merged; thread-safe when {@code concurrency > 1}
   * @return what the run did
   * @throws OutputRefusedException if the output is locked by another job or is not this job's
   * @throws BadInputException if a bad input row stopped the job under {@link BadRows#FAIL}
   * @throws JsonlException on an I/O error
   */
  public JobReport run(CheckedFunction<? super ObjectNode, ?> function) {
    Objects.requireNonNull(function, "function");
    return JobRunner.run(checkedCopy(), new UserFunction.Blocking(function));
  }

  /**
   * Runs the job with a function that returns a {@code CompletionStage} of the result (e.g. an
   * {@code HttpClient.sendAsync} chain). The function is called from the job's own threads and
   * should return quickly; at most {@code concurrency} stages are pending at once.
   *
   * @param function gets the row and returns a stage of the result
   * @return what the run did
   * @throws OutputRefusedException if the output is locked by another job or is not this job's
   * @throws BadInputException if a bad input row stopped the job under {@link BadRows#FAIL}
   * @throws JsonlException on an I/O error
   */
  public JobReport runAsync(Function<? super ObjectNode, ? extends CompletionStage<?>> function) {
    Objects.requireNonNull(function, "function");
    return JobRunner.run(checkedCopy(), new UserFunction.Async(function));
  }

  /** A copy of the settings for one run, after the checks that involve several settings. */
  JobConfig checkedCopy() {
    return config.copy();
  }
}
