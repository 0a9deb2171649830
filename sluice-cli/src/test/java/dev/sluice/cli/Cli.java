package dev.sluice.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged jar as a user would: {@code java -jar sluice-cli-*.jar ...} in a
 * subprocess, with its stdout and stderr captured to files (never pipes a slow test could
 * fill up).
 */
final class Cli {
  private Cli() {}

  static Path jar() {
    String path = System.getProperty("sluice.jar");
    if (path != null && Files.exists(Path.of(path))) {
      return Path.of(path);
    }
    try (var files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("sluice-cli-.*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no packaged jar; run mvn package first"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The command line that runs the jar; quick JVM settings, since tests start many. */
  static List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(
        java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xss512k",
        "--sun-misc-unsafe-memory-access=allow", "-jar", jar().toString()));
    command.addAll(Arrays.asList(args));
    return command;
  }

  /** A started CLI process and its captured output. */
  record Running(Process process, Path outFile, Path errFile) {
    long pid() {
      return process.pid();
    }

    Result await(Duration limit) throws Exception {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
        throw new AssertionError("sluice did not finish within " + limit + "; stderr:\n" + err());
      }
      return new Result(process.exitValue(), out(), err());
    }

    String out() throws IOException {
      return Files.readString(outFile, StandardCharsets.UTF_8);
    }

    String err() throws IOException {
      return Files.readString(errFile, StandardCharsets.UTF_8);
    }

    void signal(String signal) throws Exception {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .inheritIO().start().waitFor();
    }
  }

  /** How a run ended. */
  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  static Running start(Path dir, Map<String, String> env, String... args) throws IOException {
    return startCommand(dir, env, command(args));
  }

  static Running startCommand(Path dir, Map<String, String> env, List<String> command)
      throws IOException {
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().remove("SLUICE_TERMINAL");
    builder.environment().putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    return new Running(builder.start(), out, err);
  }

  static Result run(Path dir, String... args) throws Exception {
    return start(dir, Map.of(), args).await(Duration.ofSeconds(90));
  }

  static Result run(Path dir, Map<String, String> env, String... args) throws Exception {
    return start(dir, env, args).await(Duration.ofSeconds(90));
  }
}
