package dev.sluice.cluster.internal;

import java.io.Serializable;
import java.util.List;

/**
 * What a member tells the driver about itself: the functions it has and how many items it runs
 * at once, which the driver uses to keep each member busy without queueing there needlessly.
 *
 * @param functions the registered names, sorted
 * @param parallelism how many items the member runs at once
 */
public record MemberInfo(List<String> functions, int parallelism) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Copies the list into a serializable one.
   */
  public MemberInfo {
    functions = List.copyOf(functions);
  }
}
