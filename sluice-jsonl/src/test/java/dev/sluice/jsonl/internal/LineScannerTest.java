package dev.sluice.jsonl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineScannerTest {
  @TempDir Path dir;

  record Line(String text, long offset, long end, boolean terminated) {}

  private List<Line> scan(String content, int bufferSize) throws Exception {
    Path file = dir.resolve("f");
    Files.writeString(file, content);
    List<Line> lines = new ArrayList<>();
    try (LineScanner s = new LineScanner(FileChannel.open(file, StandardOpenOption.READ), bufferSize)) {
      while (s.next()) {
        lines.add(new Line(new String(s.array(), s.start(), s.length(), StandardCharsets.UTF_8),
            s.offset(), s.endOffset(), s.terminated()));
      }
    }
    return lines;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 64, 1 << 16})
  void linesAndOffsets_whateverTheBufferSize(int bufferSize) throws Exception {
    String content = "a\r\n\nbé\n" + "x".repeat(100) + "\ntail";
    List<Line> lines = scan(content, bufferSize);
    assertThat(lines).containsExactly(
        new Line("a", 0, 3, true),
        new Line("", 3, 4, true),
        new Line("bé", 4, 8, true),
        new Line("x".repeat(100), 8, 109, true),
        new Line("tail", 109, 113, false));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 1024})
  void emptyFile_andFileEndingInNewline(int bufferSize) throws Exception {
    assertThat(scan("", bufferSize)).isEmpty();
    assertThat(scan("a\n", bufferSize)).containsExactly(new Line("a", 0, 2, true));
  }
}
