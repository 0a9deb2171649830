package dev.sluice.cli.demo;

import dev.sluice.cluster.WorkerMain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code sluice demo --workers N}: N {@code sluice worker}s started as child JVMs of the demo,
 * on 127.0.0.1 ports, forming one cluster, each logging to a file in the demo's folder. They
 * stop when the demo ends, and on their own if it dies (their standard input closes).
 */
final class DemoWorkers implements AutoCloseable {
  private static final long READY_MILLIS = 90_000;

  final String cluster = "sluice-demo-" + ProcessHandle.current().pid();
  final List<String> addresses = new ArrayList<>();
  final List<Path> logs = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  /** Starts the workers and waits until each is ready. */
  static DemoWorkers start(int count, Path dir) throws IOException, InterruptedException {
    DemoWorkers workers = new DemoWorkers();
    try {
      for (int i = 0; i < count; i++) {
        workers.addresses.add("127.0.0.1:" + freePort());
      }
      for (int i = 0; i < count; i++) {
        workers.launch(i, dir);
      }
      for (int i = 0; i < count; i++) {
        workers.awaitReady(i);
      }
      return workers;
    } catch (IOException | InterruptedException | RuntimeException e) {
      workers.close();
      throw e;
    }
  }

  /** The command that starts worker {@code i}, as a user would type it (for the demo's text). */
  String command(String program, int i) {
    return program + " worker --cluster " + cluster + " --members " + String.join(",", addresses)
        + " --port " + addresses.get(i).substring(addresses.get(i).lastIndexOf(':') + 1);
  }

  private void launch(int i, Path dir) throws IOException {
    String address = addresses.get(i);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC"));
    command.addAll(WorkerMain.JVM_OPTIONS);
    command.addAll(List.of(
        "-cp", System.getProperty("java.class.path"), "dev.sluice.cli.Main",
        "worker", "--cluster", cluster, "--members", String.join(",", addresses),
        "--port", address.substring(address.lastIndexOf(':') + 1), "--exit-on-stdin-close"));
    Path log = dir.resolve("worker-" + (i + 1) + ".log");
    logs.add(log);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("HZ_PHONE_HOME_ENABLED", "false");
    processes.add(builder.start()); // stdin stays a pipe: when the demo dies, the worker ends
  }

  private void awaitReady(int i) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_MILLIS);
    Path log = logs.get(i);
    while (true) {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      if (text.contains(WorkerMain.READY)) {
        return;
      }
      if (!processes.get(i).isAlive() || System.nanoTime() > deadline) {
        throw new IOException("worker " + (i + 1) + " did not start (see " + log + "):\n" + text);
      }
      Thread.sleep(50);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** SIGTERM, then SIGKILL for a worker that does not stop within 10 s. */
  @Override
  public void close() throws InterruptedException {
    processes.forEach(Process::destroy);
    for (Process p : processes) {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }
}
