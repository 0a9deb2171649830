package dev.sluice.cli.ui;

/** {@code --progress}: how progress is shown. */
public enum ProgressMode {
  /** A bar on a terminal, lines otherwise. */
  auto,
  /** A live bar, redrawn in place. */
  bar,
  /** A line every few seconds, for logs and CI. */
  lines,
  /** Nothing until the summary. */
  none;

  /**
   * Resolves {@code auto}.
   *
   * @param terminal whether standard error is a terminal
   * @return {@code bar}, {@code lines} or {@code none}
   */
  public ProgressMode resolve(boolean terminal) {
    return this == auto ? (terminal ? bar : lines) : this;
  }

  /**
   * Whether standard error, where progress goes, is a terminal. On Linux that is read from
   * {@code /proc/self/fd/2}, since {@link java.io.Console#isTerminal()} looks at stdin and
   * stdout, and {@code sluice ... 2> log} must not draw a bar into the log; elsewhere the
   * console decides. {@code SLUICE_TERMINAL=1} or {@code 0} overrides both.
   *
   * @return true on a terminal
   */
  public static boolean onTerminal() {
    String forced = System.getenv("SLUICE_TERMINAL");
    if (forced != null && !forced.isBlank()) {
      return forced.trim().equals("1") || forced.trim().equalsIgnoreCase("true");
    }
    java.nio.file.Path stderr = java.nio.file.Path.of("/proc/self/fd/2");
    if (java.nio.file.Files.isSymbolicLink(stderr)) {
      try {
        String target = java.nio.file.Files.readSymbolicLink(stderr).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (java.io.IOException | RuntimeException e) {
        // fall back to the console below
      }
    }
    java.io.Console console = System.console();
    return console != null && console.isTerminal();
  }
}
