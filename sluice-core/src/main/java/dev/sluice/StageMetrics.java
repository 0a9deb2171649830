package dev.sluice;

/**
 * A snapshot of one stage's counters, read live from a {@link Run} or after it ended.
 *
 * @param name the stage's name: its operator, or the name given with {@link Pipeline#named}
 * @param in items that entered the stage
 * @param out items that left the stage
 * @param inFlight calls of the user's function running now
 * @param failed items whose call failed
 */
public record StageMetrics(String name, long in, long out, long inFlight, long failed) {

  @Override
  public String toString() {
    return name + ": in=" + in + " out=" + out + " inFlight=" + inFlight + " failed=" + failed;
  }
}
