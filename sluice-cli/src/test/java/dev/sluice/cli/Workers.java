package dev.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** The test worker program, compiled once, and checks on the processes it leaves. */
final class Workers {
  private static Path classes;

  private Workers() {}

  /** The command that runs the worker: java -cp DIR Worker (compiled once per test JVM). */
  static synchronized List<String> command() throws IOException {
    if (classes == null) {
      Path dir = Files.createTempDirectory("sluice-worker");
      Path source = dir.resolve("Worker.java");
      try (InputStream in = Workers.class.getResourceAsStream("/worker/Worker.java")) {
        Files.copy(in, source);
      }
      int code = ToolProvider.getSystemJavaCompiler().run(null, null, null,
          "-d", dir.toString(), source.toString());
      if (code != 0) {
        throw new IllegalStateException("cannot compile Worker.java");
      }
      classes = dir;
    }
    return List.of(Cli.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
        "-Xshare:auto", "-cp", classes.toString(), "Worker");
  }

  /** The pids the workers (and their children) recorded in the pid folder. */
  static List<Long> recorded(Path pids) throws IOException {
    try (Stream<Path> files = Files.list(pids)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".worker") || n.endsWith(".child"))
          .map(n -> Long.parseLong(n.substring(0, n.indexOf('.'))))
          .toList();
    }
  }

  /** The recorded processes still alive, after giving them a moment to finish exiting. */
  static List<Long> alive(Path pids) throws Exception {
    List<Long> recorded = recorded(pids);
    for (int i = 0; i < 50; i++) {
      List<Long> alive = recorded.stream()
          .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .toList();
      if (alive.isEmpty()) {
        return alive;
      }
      Thread.sleep(100);
    }
    return recorded.stream()
        .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .toList();
  }

  /** Kills whatever a failed test left behind. */
  static void cleanUp(Path pids) throws IOException {
    if (pids != null && Files.isDirectory(pids)) {
      for (long pid : recorded(pids)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
