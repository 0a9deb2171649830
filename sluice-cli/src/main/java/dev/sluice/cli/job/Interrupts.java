package dev.sluice.cli.job;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT) and SIGTERM handling: the first signal calls {@code first} (a graceful stop),
 * any later one calls {@code second} (quit at once). Uses {@code sun.misc.Signal}, since a shutdown hook
 * cannot stop the JVM from exiting, and a graceful stop needs the JVM to go on running for a
 * while. Where the signal cannot be handled, SIGINT keeps its default (the JVM exits, its
 * shutdown hooks kill the workers, and the output, written in whole lines, stays consistent).
 */
public final class Interrupts {
  private Interrupts() {}

  /**
   * Installs the handler.
   *
   * @param first run on the first Ctrl-C, on the signal's thread; must return quickly
   * @param second run on later ones
   * @return whether the handler could be installed
   */
  @SuppressWarnings("removal")
  public static boolean install(Runnable first, Runnable second) {
    AtomicInteger count = new AtomicInteger();
    sun.misc.SignalHandler handler =
        signal -> {
          if (count.incrementAndGet() == 1) {
            first.run();
          } else {
            second.run();
          }
        };
    boolean installed = false;
    // SIGTERM (docker stop, systemd, kill) gets the same graceful stop as Ctrl-C.
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), handler);
        installed = true;
      } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
        // keeps the default: the JVM exits, its shutdown hooks kill the workers
      }
    }
    return installed;
  }
}
