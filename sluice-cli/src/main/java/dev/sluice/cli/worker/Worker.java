package dev.sluice.cli.worker;

import dev.sluice.cli.ui.Console;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One worker process: rows go to its stdin, one JSON line each; its answers come back from its
 * stdout, one line per row, in order; its stderr is passed through, each line prefixed with
 * {@code [worker N]}. Used by one row at a time (the pool hands it out).
 */
final class Worker {
  /** What the stdout reader found: an answer line, or the end of the stream. */
  private sealed interface Reply {}

  private record Line(String text) implements Reply {}

  private record Eof() implements Reply {}

  /** Rows up to this size fit in a Linux pipe's buffer (64 KiB) with room to spare. */
  private static final int PIPE_SAFE = 32 * 1024;

  private final int id;
  private final Process process;
  private final OutputStream stdin;
  private final LinkedBlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private final Thread stderrPump;

  private Worker(int id, Process process, Console console) {
    this.id = id;
    this.process = process;
    this.stdin = process.getOutputStream();
    Thread.ofVirtual().name("worker-" + id + "-stdout").start(this::readStdout);
    this.stderrPump =
        Thread.ofVirtual().name("worker-" + id + "-stderr").start(() -> pumpStderr(console));
  }

  /**
   * Starts a worker.
   *
   * @param id its number, for messages
   * @param command the command and its arguments
   * @param console where its stderr goes
   * @return the worker
   * @throws IOException if the command cannot be started
   */
  static Worker start(int id, List<String> command, Console console) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    return new Worker(id, builder.start(), console);
  }

  int id() {
    return id;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The outcome of one exchange. */
  sealed interface Answer {}

  /** The worker answered. */
  record Answered(String line) implements Answer {}

  /** The worker's stdout ended (it exited or closed it) before it answered. */
  record Exited(String how) implements Answer {}

  /** The worker said nothing within the time limit. */
  record Silent() implements Answer {}

  /**
   * Sends a row and waits for the answer.
   *
   * @param line the row's JSON, without a line break
   * @param timeout how long the worker may take
   * @return what happened
   * @throws InterruptedException if interrupted while waiting
   */
  Answer exchange(String line, Duration timeout) throws InterruptedException {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= PIPE_SAFE) {
      // The pipe is empty between rows, so a write this small never blocks.
      if (!write(bytes)) {
        return new Exited(exitDescription());
      }
    } else {
      // A bigger row could block on a worker that stopped reading; writing it on the side
      // keeps the timeout in force (killing the worker then ends the write). A failed write
      // needs no handling: the worker's stdout ends too, and that is what is reported.
      Thread.ofVirtual().name("worker-" + id + "-stdin").start(() -> write(bytes));
    }
    Reply reply = replies.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    return switch (reply) {
      case null -> new Silent();
      case Line l -> new Answered(l.text());
      case Eof e -> new Exited(exitDescription());
    };
  }

  private boolean write(byte[] bytes) {
    try {
      stdin.write(bytes);
      stdin.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String exitDescription() {
    try {
      if (process.waitFor(2, TimeUnit.SECONDS)) {
        int code = process.exitValue();
        return code > 128 ? "was killed by signal " + (code - 128) : "exited with code " + code;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "closed its stdout";
  }

  /** Sends end-of-file: a well-behaved worker finishes and exits. */
  void closeStdin() {
    try {
      stdin.close();
    } catch (IOException e) {
      // the worker is gone already
    }
  }

  /**
   * The worker and its descendants, as of now.
   *
   * @return the processes
   */
  List<ProcessHandle> tree() {
    return Processes.tree(process.toHandle());
  }

  /** Kills the worker and everything it started. */
  void kill() {
    Processes.kill(tree());
    closeStdin();
  }

  /**
   * Waits until the worker's stderr has been passed through to its end, so its last words
   * (printed while exiting) come before the CLI's summary.
   *
   * @param millis the longest wait
   */
  void awaitStderr(long millis) {
    try {
      stderrPump.join(java.time.Duration.ofMillis(millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readStdout() {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        replies.add(new Line(line));
      }
    } catch (IOException e) {
      // the stream broke: same as its end
    }
    replies.add(new Eof());
  }

  private void pumpStderr(Console console) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        console.line("[worker " + id + "] " + line);
      }
    } catch (IOException e) {
      // the worker is gone
    }
  }
}
