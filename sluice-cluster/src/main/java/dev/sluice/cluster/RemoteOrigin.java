package dev.sluice.cluster;

/**
 * Attached as a {@linkplain Throwable#getSuppressed() suppressed} exception to a failure that a
 * function threw on a member, to say where it ran. It carries no stack trace of its own: the
 * failure's stack trace is the member's.
 */
public final class RemoteOrigin extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String member;
  private final String function;

  /**
   * Creates the note.
   *
   * @param member the member's address
   * @param function the function's name
   */
  public RemoteOrigin(String member, String function) {
    super("thrown by function '" + function + "' on member " + member, null, false, false);
    this.member = member;
    this.function = function;
  }

  /**
   * The address of the member the function ran on.
   *
   * @return the address, such as {@code 127.0.0.1:5701}
   */
  public String member() {
    return member;
  }

  /**
   * The name of the function.
   *
   * @return the name
   */
  public String function() {
    return function;
  }
}
