package dev.sluice.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code sluice worker}s started from the packaged jar as separate JVMs, each on its own
 * 127.0.0.1 port and naming all the others. {@link #close()} kills every one still running;
 * they also exit when the test JVM dies ({@code --exit-on-stdin-close}).
 */
final class ClusterWorkers implements AutoCloseable {
  final String cluster;
  final List<Integer> ports = new ArrayList<>();
  final List<Process> processes = new ArrayList<>();
  final List<Path> logs = new ArrayList<>();
  private final Path dir;

  private ClusterWorkers(Path dir, String cluster) {
    this.dir = dir;
    this.cluster = cluster;
  }

  /**
   * Starts {@code count} workers and waits until each says it is ready. A port picked here may
   * be taken by another process before the worker binds it (the machine is shared), so a
   * failed start is tried again on fresh ports.
   */
  static ClusterWorkers start(Path dir, int count, Map<String, String> env, String... extraArgs)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      ClusterWorkers workers = new ClusterWorkers(dir, "it-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
      try {
        return workers.startAll(count, env, extraArgs);
      } catch (Exception | AssertionError e) {
        workers.close();
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private ClusterWorkers startAll(int count, Map<String, String> env, String... extraArgs)
      throws Exception {
    for (int i = 0; i < count; i++) {
      ports.add(freePort());
    }
    for (int port : ports) {
      Path log = Files.createTempFile(dir, "worker-" + port + "-", ".log");
      logs.add(log);
      List<String> command = new ArrayList<>(Cli.command("worker", "--cluster", cluster,
          "--members", members(), "--port", Integer.toString(port), "--exit-on-stdin-close"));
      command.addAll(List.of(extraArgs));
      command.set(command.indexOf("-Xmx256m"), "-Xmx384m");
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
      builder.environment().putAll(env);
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      processes.add(builder.start()); // stdin stays a pipe: closing it (our death) stops the worker
    }
    for (int i = 0; i < ports.size(); i++) {
      int index = i;
      Waits.until("worker on port " + ports.get(i) + " ready",
          () -> Waits.text(logs.get(index)).contains("sluice worker ready: ")
              || !processes.get(index).isAlive());
      if (!processes.get(i).isAlive()) {
        throw new AssertionError("worker on port " + ports.get(i) + " exited:\n" + Waits.text(logs.get(i)));
      }
    }
    return this;
  }

  String members() {
    return String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
  }

  /** SIGKILL: the member vanishes mid-work, as in a crash. */
  void kill(int index) throws InterruptedException {
    processes.get(index).destroyForcibly();
    processes.get(index).waitFor();
  }

  String log(int index) {
    return Waits.text(logs.get(index));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroy(); // SIGTERM: the member shuts down and its worker processes with it
    }
    for (Process p : processes) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
      }
    }
  }
}
