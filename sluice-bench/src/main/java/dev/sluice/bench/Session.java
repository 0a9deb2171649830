package dev.sluice.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * What every workload runs with: the options, the contenders (Sluice first), the timer and
 * where progress goes.
 *
 * @param options the command line's settings
 * @param contenders the frameworks, Sluice first
 * @param rounds times the runs
 * @param log progress and failures, kept apart from the report
 */
public record Session(Options options, List<Contender> contenders, Rounds rounds, PrintStream log) {}
