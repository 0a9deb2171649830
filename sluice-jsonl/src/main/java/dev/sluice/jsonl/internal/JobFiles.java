package dev.sluice.jsonl.internal;

import java.nio.file.Path;

/**
 * The files of a job, named after its output: for {@code out.jsonl} they are {@code
 * out.sluice.json} (the job's identity), {@code out.sluice.lock} (held while a process runs the
 * job; never deleted, since deleting a lock file lets two processes each lock a different
 * file), {@code out.errors.jsonl}, {@code out.rejects.jsonl} and, for mapByKey, {@code
 * out.results.jsonl} (the journal of computed results).
 */
public record JobFiles(
    Path output, Path identity, Path lock, Path errors, Path rejects, Path journal) {

  public static JobFiles of(Path output, Path errors, Path rejects) {
    Path absolute = output.toAbsolutePath();
    String name = absolute.getFileName().toString();
    String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    Path dir = absolute.getParent();
    return new JobFiles(
        output,
        dir.resolve(base + ".sluice.json"),
        dir.resolve(base + ".sluice.lock"),
        errors != null ? errors : dir.resolve(base + ".errors.jsonl"),
        rejects != null ? rejects : dir.resolve(base + ".rejects.jsonl"),
        dir.resolve(base + ".results.jsonl"));
  }
}
