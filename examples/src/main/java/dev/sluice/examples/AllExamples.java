package dev.sluice.examples;

/** Runs every example, printing what each computes. */
public final class AllExamples {
  private AllExamples() {}

  public static void main(String[] args) throws Exception {
    System.out.println("== seed 000: put it all together");
    PutItAllTogether.run();
    System.out.println();
    System.out.println("== seed 001: a three-level computation tree on a pool of 10");
    ComputationTree.run();
    System.out.println();
    System.out.println("== seed 002: live events, handled by a pool of 5");
    LiveEvents.run(10, 100, 5, true);
    System.out.println();
    System.out.println("== seed 003: run_bounded and batches over epochs");
    BoundedTasks.run();
    System.out.println();
    System.out.println("== seed 004: source, scaled middle layer, collector");
    MiddleClass.run();
    System.out.println();
    System.out.println("== seed 004 on a cluster: the middle layer on a Hazelcast member");
    MiddleClassOnCluster.run();
    System.out.println();
    System.out.println("== a flaky service: retry, timeout, dead letters");
    FlakyService.run();
  }
}
