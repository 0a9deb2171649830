package dev.sluice.cli.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.cli.job.Caller;
import dev.sluice.cli.job.PermanentFailure;
import dev.sluice.cli.job.RowFailure;
import dev.sluice.cli.options.Durations;
import dev.sluice.cli.ui.Console;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Process-pool mode: {@code size} long-lived copies of a command, each handling one row at a
 * time (row on stdin, answer on stdout, one JSON line each). Rows are only ever data on stdin,
 * never part of a command line.
 *
 * <p>A worker that exits or crashes mid-row is replaced, and the row's attempt fails (the row
 * is retried like any failed attempt); a worker silent past the timeout is killed, with its
 * descendants, and replaced. If workers keep dying before a single row was ever answered, the
 * command is broken, not the rows: the pool reports it through {@code onFatal} so the job can
 * stop instead of failing every row.
 *
 * <p>{@link #close()} ends the workers gracefully: end-of-file on stdin, then SIGTERM after the
 * grace period, then SIGKILL, each time to the worker and all its descendants. A shutdown hook
 * kills whatever is left if the JVM exits any other way, so no worker outlives the CLI.
 */
public final class WorkerPool implements Caller {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> command;
  private final Duration timeout;
  private final Duration grace;
  private final Console console;
  private final Consumer<String> onFatal;
  /**
   * Slots free for a row, the last one freed first: in a lazy pool, rows go to workers already
   * running and a new one starts only when all of those are busy.
   */
  private final LinkedBlockingDeque<Slot> idle = new LinkedBlockingDeque<>();
  private final List<Slot> slots = new ArrayList<>();
  private final Set<Worker> live = ConcurrentHashMap.newKeySet();
  private final AtomicInteger crashesInARow = new AtomicInteger();
  private final AtomicLong answers = new AtomicLong();
  private final AtomicLong restarts = new AtomicLong();
  private final Thread hook = new Thread(this::killNow, "sluice-worker-reaper");
  private final int fatalAfter;

  /** A place in the pool; holds one worker at a time. */
  private static final class Slot {
    final int id;
    Worker worker;
    boolean started;

    Slot(int id) {
      this.id = id;
    }
  }

  private WorkerPool(
      List<String> command, int size, Duration timeout, Duration grace, Console console,
      Consumer<String> onFatal) {
    this.command = List.copyOf(command);
    this.timeout = timeout;
    this.grace = grace;
    this.console = console;
    this.onFatal = onFatal;
    this.fatalAfter = Math.max(5, 2 * size);
    for (int i = 1; i <= size; i++) {
      slots.add(new Slot(i));
    }
  }

  /**
   * Starts the workers.
   *
   * @param command the command and its arguments
   * @param size how many workers
   * @param timeout how long a worker may take for one row
   * @param grace how long to wait after end-of-file, and after SIGTERM, when closing
   * @param console where workers' stderr goes
   * @param onFatal told once when the command looks broken (workers die before any answer)
   * @return the pool
   * @throws IOException if the command cannot be started (not found, not executable)
   */
  public static WorkerPool start(
      List<String> command, int size, Duration timeout, Duration grace, Console console,
      Consumer<String> onFatal) throws IOException {
    WorkerPool pool = create(command, size, timeout, grace, console, onFatal);
    try {
      for (Slot slot : pool.slots) {
        slot.worker = pool.launch(slot.id);
        slot.started = true;
        pool.idle.addLast(slot);
      }
    } catch (IOException | RuntimeException e) {
      pool.killNow();
      pool.removeHook();
      throw e;
    }
    return pool;
  }

  /**
   * A pool that starts its workers only as rows need them, at most {@code size}: for a cluster
   * member, which cannot know how many of the job's rows it will be given at once. A command
   * that cannot be started fails the row for good ({@link PermanentFailure}) instead.
   *
   * @param command the command and its arguments
   * @param size the most workers
   * @param timeout how long a worker may take for one row
   * @param grace how long to wait after end-of-file, and after SIGTERM, when closing
   * @param console where workers' stderr goes
   * @param onFatal told once when the command looks broken
   * @return the pool
   */
  public static WorkerPool lazy(
      List<String> command, int size, Duration timeout, Duration grace, Console console,
      Consumer<String> onFatal) {
    WorkerPool pool = create(command, size, timeout, grace, console, onFatal);
    pool.slots.forEach(pool.idle::addLast);
    return pool;
  }

  /** A pool with no worker yet, whose workers a JVM shutdown kills. */
  private static WorkerPool create(
      List<String> command, int size, Duration timeout, Duration grace, Console console,
      Consumer<String> onFatal) {
    WorkerPool pool = new WorkerPool(command, size, timeout, grace, console, onFatal);
    Runtime.getRuntime().addShutdownHook(pool.hook);
    return pool;
  }

  private Worker launch(int id) throws IOException {
    Worker worker = Worker.start(id, command, console);
    live.add(worker);
    return worker;
  }

  @Override
  public JsonNode call(ObjectNode row) throws Exception {
    return parse(answer(row.toString()));
  }

  /**
   * One exchange: the row's line to a free worker, its answer line back.
   *
   * @param row the row as one JSON line
   * @return the worker's answer line
   * @throws RowFailure if the worker crashed or was silent past the timeout (it is replaced)
   * @throws PermanentFailure if a lazy pool cannot start the command
   * @throws InterruptedException if the job is stopping
   */
  public String answer(String row) throws Exception {
    Slot slot = idle.takeFirst();
    try {
      Worker worker = ready(slot);
      Worker.Answer answer;
      try {
        answer = worker.exchange(row, timeout);
      } catch (InterruptedException e) {
        // The worker may still be working on this row and would answer the next one with
        // this row's result; it cannot be trusted with another row.
        retire(slot);
        throw e;
      }
      return switch (answer) {
        case Worker.Answered a -> {
          crashesInARow.set(0);
          answers.incrementAndGet();
          yield a.line();
        }
        case Worker.Exited x -> {
          retire(slot);
          replace(slot);
          crashed();
          throw new RowFailure(
              "worker " + slot.id + " " + x.how() + " while handling the row; it was restarted",
              null);
        }
        case Worker.Silent s -> {
          retire(slot);
          replace(slot);
          throw new RowFailure(
              "worker " + slot.id + " gave no answer within " + Durations.format(timeout)
                  + " (--timeout); it was killed and replaced",
              null);
        }
      };
    } finally {
      idle.addFirst(slot);
    }
  }

  /** The slot's worker, started anew if it is missing or has died while idle. */
  private Worker ready(Slot slot) throws RowFailure, PermanentFailure {
    if (slot.worker != null && !slot.worker.alive()) {
      retire(slot); // died between rows: not this row's fault, so no attempt is spent
    }
    if (slot.worker == null) {
      try {
        slot.worker = launch(slot.id);
      } catch (IOException e) {
        if (!slot.started) {
          throw new PermanentFailure("cannot start the worker command " + String.join(" ", command)
              + ": " + e.getMessage());
        }
        throw new RowFailure("could not restart worker " + slot.id + ": " + e.getMessage(), e);
      }
      if (slot.started) {
        restarts.incrementAndGet();
      }
      slot.started = true;
    }
    return slot.worker;
  }

  /**
   * Starts a replacement at once, so it boots while other rows go on and the retry finds it
   * ready. If it cannot start, the next row on the slot tries again (and fails its attempt).
   */
  private void replace(Slot slot) {
    try {
      slot.worker = launch(slot.id);
      restarts.incrementAndGet();
    } catch (IOException e) {
      slot.worker = null;
    }
  }

  private void retire(Slot slot) {
    Worker worker = slot.worker;
    slot.worker = null;
    if (worker != null) {
      worker.kill();
      live.remove(worker);
    }
  }

  private void crashed() {
    int n = crashesInARow.incrementAndGet();
    if (answers.get() == 0 && n == fatalAfter) {
      onFatal.accept(
          "the worker command exited " + n + " times without answering a single row, so it"
              + " looks broken rather than the rows: " + String.join(" ", command)
              + " (see its stderr above, prefixed [worker N])");
    }
  }

  /**
   * A worker's answer line as the row's result: JSON when it is JSON, else the text.
   *
   * @param line the answer
   * @return the result
   */
  public static JsonNode parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      if (node != null && !node.isMissingNode()) {
        return node;
      }
    } catch (IOException e) {
      // not JSON: kept as text, like a non-JSON HTTP body
    }
    return TextNode.valueOf(line);
  }

  /**
   * Workers started to replace ones that died or hung.
   *
   * @return the count
   */
  public long restarts() {
    return restarts.get();
  }

  /**
   * The pids of the workers alive now; for tests and diagnostics.
   *
   * @return the pids
   */
  public List<Long> pids() {
    return live.stream().filter(Worker::alive).map(Worker::pid).toList();
  }

  /**
   * Ends the workers gracefully: end-of-file, then SIGTERM after the grace period, then
   * SIGKILL, to each worker and its descendants.
   */
  @Override
  public void close() {
    List<Worker> workers = List.copyOf(live);
    List<ProcessHandle> all = new ArrayList<>();
    for (Worker w : workers) {
      all.addAll(w.tree()); // listed before EOF: a worker that exits may leave children behind
    }
    workers.forEach(Worker::closeStdin);
    if (!Processes.awaitAll(all, grace.toMillis())) {
      List<ProcessHandle> left = all.stream().filter(ProcessHandle::isAlive).toList();
      Processes.signal(left, false);
      if (!Processes.awaitAll(left, grace.toMillis())) {
        Processes.kill(left);
      }
    }
    workers.forEach(w -> w.awaitStderr(500));
    live.clear();
    removeHook();
  }

  /** Kills every worker tree at once, without waiting; for a second Ctrl-C or JVM exit. */
  public void killNow() {
    for (Worker w : List.copyOf(live)) {
      Processes.signal(w.tree(), true);
    }
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway, harmlessly
    }
  }
}
