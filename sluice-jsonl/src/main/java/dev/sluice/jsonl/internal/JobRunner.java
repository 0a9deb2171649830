package dev.sluice.jsonl.internal;

import dev.sluice.jsonl.JobReport;
import dev.sluice.jsonl.JsonlException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a configured job: takes the output's lock, checks the output is this job's, then hands
 * over to the engine of its kind. The lock is released however the run ends.
 */
public final class JobRunner {
  private JobRunner() {}

  @SuppressWarnings("try") // the lock is held by being open; the body never touches it
  public static JobReport run(JobConfig config, UserFunction function) {
    JobFiles files = JobFiles.of(config.output, config.errorsFile, config.rejectsFile);
    try {
      Path parent = files.output().toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputLock lock = OutputLock.acquire(files.lock(), files.output())) {
        JobIdentity.check(files, config);
        return switch (config.kind) {
          case MAP, CREATE -> new MapEngine(config, files, function).run();
          case MAP_BY_KEY -> new MapByKeyEngine(config, files, function).run();
        };
      }
    } catch (IOException | UncheckedIOException e) {
      throw new JsonlException(
          "I/O error in the job on " + files.output() + ": " + e.getMessage(), e);
    }
  }
}
