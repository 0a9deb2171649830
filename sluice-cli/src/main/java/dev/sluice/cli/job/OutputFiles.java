package dev.sluice.cli.job;

import java.nio.file.Path;
import java.util.List;

/**
 * The files that belong to one output, named as sluice-jsonl names them (for {@code
 * out.jsonl}: {@code out.sluice.json}, {@code out.sluice.lock}, {@code out.errors.jsonl},
 * {@code out.rejects.jsonl}, {@code out.results.jsonl}), plus the CLI's own {@code
 * out.sluice-cli.json}. The library keeps its naming internal; the CLI repeats it here because
 * {@code --restart} must move all of them aside together, and must check the lock first.
 *
 * @param output the output file
 * @param identity the job's identity file
 * @param lock the lock file (never moved or deleted: another process may hold it)
 * @param errors the errors file
 * @param rejects the rejects file
 * @param journal the results journal
 * @param cli the CLI's record of the job (input and mode)
 */
public record OutputFiles(
    Path output, Path identity, Path lock, Path errors, Path rejects, Path journal, Path cli) {

  /**
   * The files of an output.
   *
   * @param output the output file
   * @param errors the errors file, or null for the default
   * @param rejects the rejects file, or null for the default
   * @return the files
   */
  public static OutputFiles of(Path output, Path errors, Path rejects) {
    Path absolute = output.toAbsolutePath().normalize();
    String name = absolute.getFileName().toString();
    String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    Path dir = absolute.getParent();
    return new OutputFiles(
        output,
        dir.resolve(base + ".sluice.json"),
        dir.resolve(base + ".sluice.lock"),
        errors != null ? errors : dir.resolve(base + ".errors.jsonl"),
        rejects != null ? rejects : dir.resolve(base + ".rejects.jsonl"),
        dir.resolve(base + ".results.jsonl"),
        dir.resolve(base + ".sluice-cli.json"));
  }

  /**
   * The base name shared by the files: {@code out} for {@code out.jsonl}.
   *
   * @return the base name
   */
  public String base() {
    String name = output.toAbsolutePath().normalize().getFileName().toString();
    return name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
  }

  /**
   * The files that hold the job's state and are moved aside by {@code --restart}.
   *
   * @return the files, the output first
   */
  public List<Path> state() {
    return List.of(output, identity, errors, rejects, journal, cli);
  }
}
