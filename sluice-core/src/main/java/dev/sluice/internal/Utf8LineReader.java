package dev.sluice.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a UTF-8 file line by line. Lines are split on the bytes first and decoded one at a
 * time, so a decoding error names the exact line, which a {@code BufferedReader} (that decodes
 * ahead in blocks) cannot do. Accepts LF and CRLF endings; a final line without a newline is
 * still a line. Not thread-safe.
 */
public final class Utf8LineReader implements Closeable {
  private final Path file;
  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private byte[] line = new byte[256];
  private long lineNumber;
  private boolean lastLineEndedWithNewline = true;

  public Utf8LineReader(Path file) throws IOException {
    this.file = file;
    this.in = Files.newInputStream(file);
  }

  /** The 1-based number of the line last returned. */
  public long lineNumber() {
    return lineNumber;
  }

  /** Whether the line last returned ended with a newline (false only for a final, torn line). */
  public boolean lastLineEndedWithNewline() {
    return lastLineEndedWithNewline;
  }

  /** The next line without its ending, or null at the end of the file. */
  public String readLine() throws IOException {
    int length = 0;
    boolean any = false;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          if (!any) {
            return null;
          }
          lastLineEndedWithNewline = false;
          return decode(length);
        }
      }
      any = true;
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int count = position - start;
      if (length + count > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
      }
      System.arraycopy(buffer, start, line, length, count);
      length += count;
      if (position < limit) {
        position++; // the newline
        lastLineEndedWithNewline = true;
        if (length > 0 && line[length - 1] == '\r') {
          length--;
        }
        return decode(length);
      }
    }
  }

  private String decode(int length) throws IOException {
    lineNumber++;
    try {
      return decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
    } catch (CharacterCodingException e) {
      int column = firstBadByte(length) + 1;
      throw new CharacterCodingException() {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
          return file + ":" + lineNumber + ":" + column + ": not valid UTF-8";
        }
      };
    }
  }

  /** The 0-based byte offset in the line where decoding fails. */
  private int firstBadByte(int length) {
    CharsetDecoder probe = StandardCharsets.UTF_8.newDecoder();
    ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
    var result = probe.decode(bytes, java.nio.CharBuffer.allocate(length + 1), true);
    return result.isError() ? bytes.position() : length;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
