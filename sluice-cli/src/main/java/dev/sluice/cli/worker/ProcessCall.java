package dev.sluice.cli.worker;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * One row for a pool of worker processes on a cluster member: the pool it needs, and the row.
 * Serializable, since it travels from the driver to the member.
 *
 * @param pool the pool that handles it
 * @param row the row as one JSON line
 */
public record ProcessCall(Pool pool, String row) implements Serializable {

  /**
   * A pool of worker processes, as the driver's command line asked for it; a member keeps one
   * per distinct value.
   *
   * @param command the command and its arguments
   * @param size the most workers on one member
   * @param timeout how long a worker may take for one row
   * @param grace how long workers get after end-of-file, and after SIGTERM, when the pool ends
   */
  public record Pool(List<String> command, int size, Duration timeout, Duration grace)
      implements Serializable {

    /** Copies the command. */
    public Pool {
      command = List.copyOf(command);
    }
  }

  /** The command only: rows stay out of messages. */
  @Override
  public String toString() {
    return "row for " + String.join(" ", pool.command());
  }
}
