package dev.sluice.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Whether a framework keeps a thousand slow calls in flight without adding delay of its own:
 * 100k items, each call sleeping 10 ms, concurrency 1000, ordered. The ideal is 100 waves of
 * 10 ms, 1.00 s. Target: Sluice within 1.02x of the ideal, and no slower than the best peer.
 *
 * <p>The report also gives the floor on this machine: {@code concurrency} bare virtual threads,
 * each sleeping its share of the items one after another, with no framework at all. It is timed
 * in the same rounds as the frameworks, so the same noise lands on it; it shows how much of the
 * distance to the ideal is the JDK's timers and scheduler rather than any framework's doing.
 *
 * <p>Fair because: every framework sleeps on virtual threads (its own in Gatherers, the same kind
 * of executor for the others), so none ties up a platform thread per call, and all keep input
 * order with the same bound on calls in flight.
 */
final class LatencyWorkload implements Workload {
  static final long ITEMS = 100_000;
  static final int CONCURRENCY = 1000;
  static final Duration SLEEP = Duration.ofMillis(10);
  static final double TARGET = 1.02;
  static final String FLOOR = "jdk-floor";

  private final Duration sleep;

  LatencyWorkload() {
    this(SLEEP);
  }

  /** A latency workload whose calls sleep for {@code sleep}; tests use a shorter one. */
  LatencyWorkload(Duration sleep) {
    this.sleep = sleep;
  }

  @Override
  public String name() {
    return "latency";
  }

  /** The function: sleeps, then returns its argument. */
  Function<Long, Long> sleeper() {
    return x -> {
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while sleeping", e);
      }
      return x;
    };
  }

  /** Runs once on a contender and checks the results. */
  void runOnce(Contender contender, long items, int concurrency) {
    Tally tally = new Tally();
    contender.mapOrdered(Items.longs(items), concurrency, sleeper(), tally);
    tally.verify(items, Tally.sumOfRange(0, items), true);
  }

  /** The floor: bare virtual threads sleeping in turn, as many as the concurrency. */
  void floorOnce(long items, int concurrency) throws InterruptedException {
    List<Thread> threads = new java.util.ArrayList<>(concurrency);
    for (int t = 0; t < concurrency; t++) {
      long share = items / concurrency + (t < items % concurrency ? 1 : 0);
      Function<Long, Long> sleeper = sleeper();
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (long i = 0; i < share; i++) {
                      sleeper.apply(i);
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  /** The best possible duration: every wave of {@code concurrency} calls takes one sleep. */
  double idealSeconds(long items, int concurrency) {
    long waves = (items + concurrency - 1) / concurrency;
    return waves * sleep.toNanos() / 1e9;
  }

  @Override
  public WorkloadResult run(Session session) {
    long items = session.options().scaled(ITEMS);
    List<Entrant> entrants = new java.util.ArrayList<>();
    for (Contender contender : session.contenders()) {
      entrants.add(new Entrant(contender.name(), () -> runOnce(contender, items, CONCURRENCY)));
    }
    entrants.add(new Entrant(FLOOR, () -> floorOnce(items, CONCURRENCY)));
    Map<String, Samples> samples = new LinkedHashMap<>(session.rounds().run(name(), entrants));
    double floor = samples.remove(FLOOR).medianSeconds();
    List<Row> rows = Throughput.rows(samples, items);
    double ideal = idealSeconds(items, CONCURRENCY);
    String description =
        String.format("%,d items sleeping %d ms each, concurrency %d, ordered (ideal %.2f s)",
            items, sleep.toMillis(), CONCURRENCY, ideal);
    String target = "<= " + Format.ratio(TARGET) + " ideal, >= best peer";
    WorkloadResult draft = WorkloadResult.of(name(), description, target, rows, false, "", Map.of(), null);
    double sluiceSeconds = samples.get("sluice").medianSeconds();
    double vsIdeal = sluiceSeconds / ideal;
    double ratio = draft.ratio();
    boolean pass = vsIdeal <= TARGET && (draft.bestPeer() == null || ratio >= 1.0);
    String verdict =
        Throughput.word(pass) + ": sluice takes " + Format.ratio(vsIdeal) + " the ideal "
            + Format.seconds(ideal) + ", " + Format.ratio(ratio) + " the best peer's speed; the"
            + " floor (bare virtual threads) takes " + Format.ratio(floor / ideal) + " the ideal";
    Map<String, String> extras = new LinkedHashMap<>();
    extras.put("sluice-seconds", Format.plain(sluiceSeconds));
    extras.put("ideal-seconds", Format.plain(ideal));
    extras.put("vs-ideal", Format.plain(vsIdeal));
    extras.put("floor-seconds", Format.plain(floor));
    return WorkloadResult.of(
        name(), description, target, rows, pass, verdict, extras,
        Throughput.panel(name(), rows, verdict)
            .withTarget(items / (ideal * TARGET), Format.ratio(TARGET) + " ideal time"));
  }
}
