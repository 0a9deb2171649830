package dev.sluice.cli.ui;

import java.io.PrintStream;

/**
 * Everything the CLI shows goes through here, to standard error: messages, workers' stderr and
 * the live progress bar. With a bar on screen, a message first clears the bar's line, then the
 * bar is drawn again below it, so they never garble each other. Thread-safe.
 */
public final class Console {
  private static final String CLEAR_LINE = "\r\033[K";
  private final PrintStream out;
  private String bar;

  /**
   * Creates a console.
   *
   * @param out where to write
   */
  public Console(PrintStream out) {
    this.out = out;
  }

  /**
   * Prints a line (above the bar, if there is one).
   *
   * @param text the line
   */
  public synchronized void line(String text) {
    if (bar != null) {
      out.print(CLEAR_LINE);
      out.println(text);
      out.print(bar);
    } else {
      out.println(text);
    }
    out.flush();
  }

  /**
   * Draws the bar in place of the previous one.
   *
   * @param text the bar, one line, no line break
   */
  public synchronized void bar(String text) {
    bar = text;
    out.print(CLEAR_LINE);
    out.print(text);
    out.flush();
  }

  /** Leaves the bar as it is on screen and moves below it; later lines print normally. */
  public synchronized void endBar() {
    if (bar != null) {
      out.println();
      bar = null;
      out.flush();
    }
  }
}
