package dev.sluice.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** Polls for a condition with a generous limit; tests never depend on how fast things go. */
final class Waits {
  private Waits() {}

  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  static long lines(Path file) {
    try {
      if (!Files.exists(file)) {
        return 0;
      }
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).chars()
          .filter(c -> c == '\n').count();
    } catch (IOException e) {
      return 0;
    }
  }

  static String text(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
