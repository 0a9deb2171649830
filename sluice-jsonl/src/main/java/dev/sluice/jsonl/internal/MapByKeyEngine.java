package dev.sluice.jsonl.internal;

import dev.sluice.jsonl.JobReport;
import java.io.IOException;

/** Placeholder until written. */
public final class MapByKeyEngine {
  public MapByKeyEngine(JobConfig config, JobFiles files, UserFunction function) {}

  public JobReport run() throws IOException {
    throw new UnsupportedOperationException();
  }
}
