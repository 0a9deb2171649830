package dev.sluice.bench;

/**
 * What {@link Rounds} times: a label (a framework's name, or a name and a variant such as
 * {@code sluice/1}) and the trial to repeat.
 *
 * @param label how the results are keyed
 * @param trial the run to time
 */
public record Entrant(String label, Trial trial) {}
