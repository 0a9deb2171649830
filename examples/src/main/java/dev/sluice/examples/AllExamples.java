package dev.sluice.examples;

/** Runs every example, printing what each computes. */
public final class AllExamples {
  private AllExamples() {}

  public static void main(String[] args) {
    System.out.println("== seed 000: put it all together");
    PutItAllTogether.run();
  }
}
