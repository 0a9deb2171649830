package dev.sluice.cli;

/** The exit codes of {@code sluice}, as documented in the help. */
public final class ExitCodes {
  /** Every row is done. */
  public static final int OK = 0;
  /** An unexpected internal error. */
  public static final int ERROR = 1;
  /** A usage error, an input that cannot be read, or an output that cannot be used. */
  public static final int USAGE = 2;
  /** Some rows failed; they are in the errors file. */
  public static final int SOME_FAILED = 3;
  /** Interrupted (Ctrl-C); rerun to resume. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
