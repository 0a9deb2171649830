package dev.sluice.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The CLI's own checks around an output, on top of the file job's (which refuses another job's
 * output by key, order and result shape, and a second process by an OS lock):
 *
 * <ul>
 *   <li>an output made from another input file, or in the other mode (HTTP or workers), is
 *       refused: with line-number keys, a different input would silently skip its first rows
 *       as "done". The record is {@code out.sluice-cli.json}, written once the job has
 *       accepted the output;
 *   <li>{@code --restart} moves every file of the old job into a folder beside it, {@code
 *       out.old-YYYYMMDD-HHMMSS/}, never deleting anything, and only after checking that no
 *       other process holds the job's lock.
 * </ul>
 */
public final class OutputGuard {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OutputFiles files;

  /**
   * Creates a guard.
   *
   * @param files the output's files
   */
  public OutputGuard(OutputFiles files) {
    this.files = files;
  }

  /**
   * Refuses an output whose lock another process holds.
   *
   * @throws JobRefusedException if it is locked
   * @throws IOException on an I/O error
   */
  public void requireUnlocked() throws IOException {
    if (!Files.exists(files.lock())) {
      return;
    }
    try (FileChannel channel = FileChannel.open(files.lock(), StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new JobRefusedException(
            files.output() + " is in use: another sluice is writing it (it holds "
                + files.lock().getFileName() + "). Nothing was changed. Wait for it to end, or"
                + " stop it, and run again.",
            null);
      }
      lock.release();
    }
  }

  /**
   * Moves the old job's files aside for {@code --restart}.
   *
   * @return the folder they were moved to, or null if there was nothing to move
   * @throws JobRefusedException if another process holds the lock
   * @throws IOException on an I/O error
   */
  public Path moveAside() throws IOException {
    requireUnlocked();
    boolean any = false;
    for (Path p : files.state()) {
      any |= Files.exists(p);
    }
    if (!any) {
      return null;
    }
    Path dir = files.output().toAbsolutePath().normalize().getParent();
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path aside = dir.resolve(files.base() + ".old-" + stamp);
    for (int n = 2; Files.exists(aside); n++) {
      aside = dir.resolve(files.base() + ".old-" + stamp + "-" + n);
    }
    Files.createDirectory(aside);
    for (Path p : files.state()) {
      if (Files.exists(p)) {
        Files.move(p, aside.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      }
    }
    return aside;
  }

  /**
   * Refuses an output that the CLI made from another input or in another mode.
   *
   * @param input the input file
   * @param mode {@code http} or {@code workers}
   * @throws JobRefusedException if the output is another job's
   * @throws IOException on an I/O error
   */
  public void requireSameJob(Path input, String mode) throws IOException {
    if (!Files.exists(files.cli())) {
      return;
    }
    JsonNode theirs;
    try {
      theirs = JSON.readTree(files.cli().toFile());
    } catch (IOException e) {
      return; // unreadable record: the file job's own identity check still applies
    }
    String theirInput = theirs.path("input").asText("");
    String theirMode = theirs.path("mode").asText("");
    String myInput = input.toAbsolutePath().normalize().toString();
    String why = null;
    if (!theirInput.isEmpty() && !theirInput.equals(myInput)) {
      why = "it was made from " + theirInput + ", and this run reads " + myInput;
    } else if (!theirMode.isEmpty() && !theirMode.equals(mode)) {
      why = "it was made in " + theirMode + " mode, and this run is in " + mode + " mode";
    }
    if (why != null) {
      throw new JobRefusedException(
          files.output() + " belongs to another job: " + why + ". Nothing was changed. Use"
              + " another -o/--output, or add --restart to move the old output aside (into a"
              + " folder beside it) and start over.",
          null);
    }
  }

  /**
   * Records which input and mode made the output; called once the job holds the output.
   *
   * @param input the input file
   * @param mode {@code http} or {@code workers}
   * @throws IOException on an I/O error
   */
  public void record(Path input, String mode) throws IOException {
    ObjectNode mine = JSON.createObjectNode();
    mine.put("sluice-cli", 1);
    mine.put("input", input.toAbsolutePath().normalize().toString());
    mine.put("mode", mode);
    if (Files.exists(files.cli())) {
      try {
        if (JSON.readTree(files.cli().toFile()).equals(mine)) {
          return;
        }
      } catch (IOException e) {
        // rewritten below
      }
    }
    Path tmp = files.cli().resolveSibling(files.cli().getFileName() + ".tmp");
    Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(mine));
    Files.move(tmp, files.cli(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
