package dev.sluice.jsonl.internal;

import dev.sluice.Pipeline;
import dev.sluice.RetryPolicy;
import dev.sluice.jsonl.BadRows;
import dev.sluice.jsonl.Durability;
import dev.sluice.jsonl.JobListener;
import dev.sluice.jsonl.Key;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a job was configured with, filled by the public builders (which check each value
 * as it is set) and read by the engines. Not thread-safe; a run takes a copy.
 */
public final class JobConfig implements Cloneable {
  /** The kind of job; part of its identity. */
  public enum Kind {
    MAP,
    MAP_BY_KEY,
    CREATE
  }

  public Kind kind;
  public Path input;
  public Pipeline<?> inputPipeline;
  public Iterable<?> keys;
  public Pipeline<?> keysPipeline;
  public Path output;
  public Key key;
  public int concurrency = 8;
  public boolean ordered = true;
  public List<String> keepColumns;
  public String resultField;
  public RetryPolicy retry = retries(3, Duration.ofMillis(200));
  public boolean keepFailed;
  public BadRows badRows = BadRows.FAIL;
  public Durability durability = Durability.flushEachLine();
  public JobListener listener = SilentListener.INSTANCE;
  public Duration progressInterval = Duration.ofSeconds(1);
  public Path errorsFile;
  public Path rejectsFile;
  public int resultCache = 10_000;
  public int copies = 1;

  public JobConfig copy() {
    try {
      return (JobConfig) clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }

  /** What {@code retries(maxAttempts, backoff)} means: every exception, doubling up to 30 s. */
  public static RetryPolicy retries(int maxAttempts, Duration backoff) {
    Duration ceiling = backoff.compareTo(Duration.ofSeconds(30)) > 0 ? backoff : Duration.ofSeconds(30);
    return RetryPolicy.builder().maxAttempts(maxAttempts).backoff(backoff, ceiling).build();
  }
}
