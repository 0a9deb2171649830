package dev.sluice.cli.worker;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ends a process and everything it started. The descendants are listed before any signal is
 * sent, because once a parent dies its children are re-parented and no longer show up as its
 * descendants; that is how orphans are usually left behind.
 */
public final class Processes {
  private Processes() {}

  /**
   * The process and its live descendants, as of now.
   *
   * @param process the root
   * @return the processes, root first
   */
  public static List<ProcessHandle> tree(ProcessHandle process) {
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of(process), process.descendants())
        .toList();
  }

  /**
   * Sends SIGTERM ({@code force=false}) or SIGKILL to each process of a tree.
   *
   * @param tree the processes
   * @param force whether to kill outright
   */
  public static void signal(List<ProcessHandle> tree, boolean force) {
    for (ProcessHandle p : tree) {
      if (p.isAlive()) {
        if (force) {
          p.destroyForcibly();
        } else {
          p.destroy();
        }
      }
    }
  }

  /**
   * Waits until every process of a tree has ended, or the time is up.
   *
   * @param tree the processes
   * @param millis the longest wait
   * @return true if all have ended
   */
  public static boolean awaitAll(List<ProcessHandle> tree, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (ProcessHandle p : tree) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return tree.stream().noneMatch(ProcessHandle::isAlive);
      }
      try {
        p.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        // timed out or failed: checked below
      }
    }
    return tree.stream().noneMatch(ProcessHandle::isAlive);
  }

  /**
   * Kills a tree outright and waits briefly for it to be gone.
   *
   * @param tree the processes
   */
  public static void kill(List<ProcessHandle> tree) {
    signal(tree, true);
    awaitAll(tree, 2_000);
  }
}
