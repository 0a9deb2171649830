package dev.sluice.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Worker JVMs started by a test, each a {@link WorkerMain} on its own 127.0.0.1 port, with the
 * test's class path. {@link #close()} kills every one that is still running; the workers also
 * exit on their own when the test JVM dies ({@code --exit-on-stdin-close}).
 */
final class Workers implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  final String cluster;
  final List<Integer> ports = new ArrayList<>();
  final List<Process> processes = new ArrayList<>();
  final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

  Workers(String cluster) {
    this.cluster = cluster;
  }

  /** Picks ports for {@code count} workers that will list each other as members. */
  Workers reserve(int count) {
    for (int i = 0; i < count; i++) {
      ports.add(HazelcastSetup.freePort("127.0.0.1"));
    }
    return this;
  }

  List<String> addresses() {
    return ports.stream().map(p -> "127.0.0.1:" + p).toList();
  }

  /**
   * Starts the workers on every reserved port not started yet, and waits until each is up. A
   * port reserved here may be taken by another process before the worker binds it (this machine
   * is shared): then the new workers are stopped and started again on fresh ports, twice at most.
   */
  Workers startAll(String... extraArgs) throws Exception {
    int first = processes.size();
    for (int attempt = 1; ; attempt++) {
      try {
        return tryStartAll(extraArgs);
      } catch (Exception e) {
        if (attempt == 3) {
          throw e;
        }
        int count = ports.size() - first;
        for (int i = processes.size() - 1; i >= first; i--) {
          processes.remove(i).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        ports.subList(first, ports.size()).clear();
        reserve(count);
      }
    }
  }

  private Workers tryStartAll(String... extraArgs) throws Exception {
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (int i = processes.size(); i < ports.size(); i++) {
      ready.add(start(ports.get(i), extraArgs));
    }
    for (CompletableFuture<Void> r : ready) {
      r.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    return this;
  }

  /** Reserves one more port and starts a worker there (the others' member lists do not name it). */
  Workers addOne(String... extraArgs) throws Exception {
    reserve(1);
    return startAll(extraArgs);
  }

  private CompletableFuture<Void> start(int port, String... extraArgs) throws IOException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(
        javaBin,
        "-Xmx256m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-Dhazelcast.phone.home.enabled=false",
        "-Dhazelcast.logging.type=jdk",
        "-Djava.util.logging.config.file=" + loggingConfig()));
    command.addAll(WorkerMain.JVM_OPTIONS);
    command.addAll(List.of(
        "-cp", System.getProperty("java.class.path"),
        WorkerMain.class.getName(),
        "--cluster", cluster,
        "--members", String.join(",", addresses()),
        "--host", "127.0.0.1",
        "--port", Integer.toString(port),
        "--exit-on-stdin-close"));
    command.addAll(List.of(extraArgs));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("HZ_PHONE_HOME_ENABLED", "false");
    Process process = builder.start();
    processes.add(process);
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("worker-" + port + "-out").start(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          output.add(port + ": " + line);
          if (line.startsWith(WorkerMain.READY)) {
            ready.complete(null);
          }
        }
      } catch (IOException e) {
        // the worker is gone
      }
      ready.completeExceptionally(new IllegalStateException(
          "worker on port " + port + " ended before it was ready; its output: " + output));
    });
    return ready;
  }

  private static String loggingConfig() throws IOException {
    Path file = Files.createTempFile("sluice-worker-logging", ".properties");
    file.toFile().deleteOnExit();
    Files.writeString(file, """
        handlers=java.util.logging.ConsoleHandler
        .level=WARNING
        java.util.logging.ConsoleHandler.level=WARNING
        """);
    return file.toString();
  }

  /** Kills worker {@code i} at once, as a crash would (SIGKILL). */
  void kill(int i) throws InterruptedException {
    Process p = processes.get(i);
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  int alive() {
    return (int) processes.stream().filter(Process::isAlive).count();
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

}
