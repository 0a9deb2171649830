package dev.sluice.cluster;

/**
 * The cluster cannot run work: it could not be reached within the connect timeout, every member
 * is gone and none came back within the failover wait, or a batch lost its member more times
 * than {@link ClusterOptions#maxResubmits()} allows. The message says which.
 */
public final class ClusterUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param cause the underlying failure, or null
   */
  public ClusterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
