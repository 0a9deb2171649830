package dev.sluice.internal;

/**
 * Unwinds a thread of a run that has been stopped (failed or cancelled). It is never the
 * reason a run fails, so it carries no stack trace.
 */
public final class RunStopped extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final RunStopped INSTANCE = new RunStopped();

  private RunStopped() {
    super("run stopped", null, false, false);
  }
}
