package dev.sluice.cluster;

import java.util.Set;

/**
 * No function of that name is registered where it should run: on a member (register it with a
 * {@link RemoteFunctions} on the member's class path) or, in local mode, in the given registry.
 */
public final class UnknownFunctionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param name the function asked for
   * @param where the member or mode that lacks it
   * @param known the names that are registered there
   */
  public UnknownFunctionException(String name, String where, Set<String> known) {
    super(
        "no function named '" + name + "' on " + where + "; it has " + known
            + ". Register it with a RemoteFunctions class on the members' class path"
            + " (META-INF/services or WorkerMain --functions).");
  }
}
