package dev.sluice.cluster;

/**
 * A failure on a member that could not be rebuilt as its own type in the driver (its class is
 * missing there, or it is not serializable). It keeps the member's class name, message and
 * stack trace. A failure that can be rebuilt reaches the driver as itself, with a {@link
 * RemoteOrigin} attached as a suppressed exception.
 */
public final class RemoteFunctionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String remoteClassName;

  /**
   * Creates the exception.
   *
   * @param message the message, naming the member and the function
   * @param remoteClassName the class of the exception thrown on the member
   */
  public RemoteFunctionException(String message, String remoteClassName) {
    super(message);
    this.remoteClassName = remoteClassName;
  }

  /**
   * The class of the exception the function threw on the member.
   *
   * @return the class name
   */
  public String remoteClassName() {
    return remoteClassName;
  }
}
