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
   * Whether the CLI runs on a terminal: {@link java.io.Console#isTerminal()}, which looks at
   * the process's standard streams. {@code SLUICE_TERMINAL=1} or {@code 0} overrides it.
   *
   * @return true on a terminal
   */
  public static boolean onTerminal() {
    String forced = System.getenv("SLUICE_TERMINAL");
    if (forced != null && !forced.isBlank()) {
      return forced.trim().equals("1") || forced.trim().equalsIgnoreCase("true");
    }
    java.io.Console console = System.console();
    return console != null && console.isTerminal();
  }
}
