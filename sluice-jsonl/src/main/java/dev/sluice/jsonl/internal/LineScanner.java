package dev.sluice.jsonl.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a file line by line as bytes, keeping each line's byte offset, which is what lets a
 * job cut a torn last line with {@link FileChannel#truncate} and find a journal entry again.
 * A line is handed out as a slice of an internal array ({@link #array()}, {@link #start()},
 * {@link #length()}) valid until the next call, so scanning allocates nothing per line. The
 * line excludes its {@code \n} and a {@code \r} before it. Not thread-safe.
 */
public final class LineScanner implements Closeable {
  private final FileChannel channel;
  private byte[] buffer;
  private int position;
  private int limit;
  private long bufferOffset;
  private boolean eof;

  private long lineNumber;
  private long lineOffset;
  private int lineStart;
  private int lineLength;
  private int rawLength;
  private boolean terminated;

  /** Opens the file for reading from its start. */
  public LineScanner(Path file) throws IOException {
    this(FileChannel.open(file, StandardOpenOption.READ), 1 << 20);
  }

  LineScanner(FileChannel channel, int bufferSize) {
    this.channel = channel;
    this.buffer = new byte[bufferSize];
  }

  /** Reads the next line; false at the end of the file. */
  public boolean next() throws IOException {
    int scanned = 0; // bytes after position already known to hold no newline
    while (true) {
      int newline = indexOf(buffer, (byte) '\n', position + scanned, limit);
      if (newline >= 0) {
        setLine(newline - position, true);
        position = newline + 1;
        return true;
      }
      if (eof) {
        if (position == limit) {
          return false;
        }
        setLine(limit - position, false);
        position = limit;
        return true;
      }
      scanned = limit - position;
      fill();
    }
  }

  private void setLine(int length, boolean endsWithNewline) {
    lineNumber++;
    lineOffset = bufferOffset + position;
    lineStart = position;
    rawLength = length + (endsWithNewline ? 1 : 0);
    terminated = endsWithNewline;
    if (length > 0 && buffer[position + length - 1] == '\r') {
      length--;
    }
    lineLength = length;
  }

  /** Moves the unread bytes to the front (growing the buffer if a line fills it) and reads more. */
  private void fill() throws IOException {
    int unread = limit - position;
    if (position > 0) {
      System.arraycopy(buffer, position, buffer, 0, unread);
      bufferOffset += position;
      position = 0;
      limit = unread;
    }
    if (limit == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    ByteBuffer target = ByteBuffer.wrap(buffer, limit, buffer.length - limit);
    int n = channel.read(target);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  private static int indexOf(byte[] a, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** The array holding the current line. */
  public byte[] array() {
    return buffer;
  }

  /** Where the current line starts in {@link #array()}. */
  public int start() {
    return lineStart;
  }

  /** The current line's length in bytes, without its line ending. */
  public int length() {
    return lineLength;
  }

  /** The byte offset of the current line in the file. */
  public long offset() {
    return lineOffset;
  }

  /** The byte offset just past the current line and its ending. */
  public long endOffset() {
    return lineOffset + rawLength;
  }

  /** The 1-based number of the current line. */
  public long lineNumber() {
    return lineNumber;
  }

  /** Whether the current line ended with a newline (false only for a last, unterminated line). */
  public boolean terminated() {
    return terminated;
  }

  /** Whether the current line holds only spaces and tabs. */
  public boolean blank() {
    for (int i = lineStart; i < lineStart + lineLength; i++) {
      byte c = buffer[i];
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  /** The current line as text, for error messages (cut to {@code max} characters). */
  public String text(int max) {
    String s = new String(buffer, lineStart, lineLength, java.nio.charset.StandardCharsets.UTF_8);
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
