package dev.sluice.jsonl.internal;

import dev.sluice.jsonl.OutputRefusedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams a JSONL file the job wrote earlier (output, errors or results journal), handing each
 * whole line to a visitor, and repairs a torn tail: a last line without its newline, or whose
 * visitor rejects it (not valid JSON), is cut off with {@link FileChannel#truncate}, since a
 * killed writer can leave only a partial last line. A bad line that is <em>not</em> the last
 * is not a crash artefact: the file is refused and left untouched.
 */
public final class JsonlScan {
  private JsonlScan() {}

  /** Sees one whole line; throws IOException when the line is not what the file should hold. */
  @FunctionalInterface
  public interface LineVisitor {
    void line(byte[] bytes, int start, int length, long offset, long lineNumber)
        throws IOException;
  }

  /**
   * What a scan found.
   *
   * @param lines whole lines kept
   * @param tornBytes bytes cut from the end
   * @param tornLine the number of the cut line, or 0
   */
  public record Result(long lines, long tornBytes, long tornLine) {}

  public static Result scan(Path file, Path output, String what, LineVisitor visitor)
      throws IOException {
    if (!Files.exists(file)) {
      return new Result(0, 0, 0);
    }
    long lines = 0;
    long cutAt = -1;
    long cutLine = 0;
    try (LineScanner scanner = new LineScanner(file)) {
      while (scanner.next()) {
        long offset = scanner.offset();
        long number = scanner.lineNumber();
        if (!scanner.terminated()) {
          cutAt = offset;
          cutLine = number;
          break;
        }
        try {
          visitor.line(scanner.array(), scanner.start(), scanner.length(), offset, number);
          lines++;
        } catch (IOException e) {
          if (scanner.next()) {
            throw new OutputRefusedException(
                output,
                file + ":" + number + ": " + what + " line " + number + " is not valid ("
                    + e.getMessage().lines().findFirst().orElse("") + ") and it is not the last"
                    + " line, so it is not a torn write from a crash. The file is damaged or was"
                    + " not written by this job; it is left untouched. Repair or move it, and run"
                    + " again.",
                e);
          }
          cutAt = offset;
          cutLine = number;
          break;
        }
      }
    }
    if (cutAt < 0) {
      return new Result(lines, 0, 0);
    }
    long size = Files.size(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(cutAt);
      channel.force(true);
    }
    return new Result(lines, size - cutAt, cutLine);
  }
}
