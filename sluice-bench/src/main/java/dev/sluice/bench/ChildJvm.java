package dev.sluice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a class's {@code main} in a new JVM: the same {@code java} binary and class path as
 * this one, with the JVM options given, and collects what it prints.
 */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * What a child printed and how it ended.
   *
   * @param exitCode its exit code, or -1 when it was killed after the time-out
   * @param lines stdout and stderr, interleaved
   */
  record Outcome(int exitCode, List<String> lines) {
    /** The last few lines, for an error message. */
    String tail(int count) {
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }
  }

  /** The {@code java} binary running this JVM. */
  static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * Runs {@code mainClass} with {@code jvmOptions} and {@code args}; kills it after {@code
   * timeout}.
   */
  static Outcome run(List<String> jvmOptions, Class<?> mainClass, List<String> args, Duration timeout)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    Thread reader =
        Thread.ofPlatform()
            .daemon()
            .name("child-output")
            .start(
                () -> {
                  try (BufferedReader in =
                      new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                      synchronized (lines) {
                        lines.add(line);
                      }
                    }
                  } catch (IOException ignored) {
                    // the child is gone
                  }
                });
    boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    reader.join(Duration.ofSeconds(5));
    synchronized (lines) {
      return new Outcome(ended ? process.exitValue() : -1, List.copyOf(lines));
    }
  }
}
