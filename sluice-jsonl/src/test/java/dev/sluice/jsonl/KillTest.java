package dev.sluice.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise, tested the hard way: a child JVM runs a job over 20,000 rows and is killed with
 * SIGKILL at random moments (during start-up, the resume scan, and processing), at least 20
 * times; after each kill the partial output is checked (whole lines, no key twice, right values,
 * a prefix of the input in ordered mode), then the job is rerun until it completes, and the
 * final output must hold every key exactly once (or exactly N times), with the right value, in
 * input order when ordered. The function fails 5% of its calls at random, so some rows fail for
 * good in a run and are retried by the next.
 */
class KillTest {
  static final int ROWS = 20_000;
  static final int GROUPS = 4999;
  /** Kills for the two main variants; the three others get fewer, to keep the suite short. */
  static final int KILLS = 20;
  static final int FEW_KILLS = 5;

  @TempDir Path dir;

  @Test
  void map_ordered_survivesKills() throws Exception {
    run("map", true, KILLS);
  }

  @Test
  void map_unordered_survivesKills() throws Exception {
    run("map-unordered", false, FEW_KILLS);
  }

  @Test
  void mapByKey_ordered_survivesKills() throws Exception {
    run("bykey", true, FEW_KILLS);
  }

  @Test
  void mapByKey_unordered_survivesKills() throws Exception {
    run("bykey-unordered", false, KILLS);
  }

  @Test
  void createOrResume_survivesKills() throws Exception {
    run("create", false, FEW_KILLS);
  }

  private void run(String mode, boolean ordered, int killsWanted) throws Exception {
    Path in = dir.resolve("in.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ROWS; i++) {
      sb.append("{\"id\":").append(i).append(",\"g\":").append((i * 31) % GROUPS)
          .append(",\"x\":").append(i).append(",\"pad\":\"").append("p".repeat(i % 40))
          .append("\"}\n");
    }
    Files.writeString(in, sb);
    Path out = dir.resolve("out.jsonl");
    Random random = new Random();
    long t0 = System.nanoTime();
    int kills = 0;
    int killsWhileWriting = 0;
    int launches = 0;
    long rowsBefore = 0;
    while (kills < killsWanted) {
      assertThat(launches++).as("launches").isLessThan(killsWanted * 10);
      Process child = launch(mode, in, out);
      CountDownLatch started = new CountDownLatch(1);
      StringBuilder output = drain(child, started);
      if (random.nextInt(5) == 0) {
        Thread.sleep(random.nextInt(400)); // somewhere in start-up, locking or the resume scan
      } else {
        // In the middle of writing: once the output has grown by a random amount, so the kills
        // spread over the whole job whatever the machine's speed.
        started.await(30, TimeUnit.SECONDS);
        // On average 1/(2 * kills) of the output per kill: the kills cover about half the job,
        // and no launch is wasted by a job that finishes before its kill.
        long grow = 1 + (long) (random.nextDouble() * expectedBytes(mode, in) / killsWanted);
        long target = size(out) + grow;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (child.isAlive() && size(out) < target && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
      }
      if (child.isAlive()) {
        child.destroyForcibly();
        kills++;
      }
      child.waitFor(20, TimeUnit.SECONDS);
      long rowsNow = checkPartial(mode, ordered, out, output);
      if (rowsNow > rowsBefore && child.exitValue() == 137) {
        killsWhileWriting++; // the killed run had written rows: it died in the middle of work
      }
      rowsBefore = rowsNow;
    }
    int finalRuns = 0;
    while (true) {
      assertThat(finalRuns++).as("reruns to converge").isLessThan(40);
      Process child = launch(mode, in, out);
      StringBuilder output = drain(child, new CountDownLatch(1));
      if (!child.waitFor(120, TimeUnit.SECONDS)) {
        child.destroyForcibly();
        fail("the child did not finish: " + output);
      }
      int code = child.exitValue();
      if (code == 0) {
        break;
      }
      if (code != 3) {
        Thread.sleep(100); // let the reader thread take the last output
        fail("the child failed with exit code " + code + ":\n" + output);
      }
    }
    checkFinal(mode, ordered, out);
    System.out.printf(
        "kill test %s: %d kills (%d while writing rows) in %d launches, %d runs to finish, %d ms%n",
        mode, kills, killsWhileWriting, launches, finalRuns, (System.nanoTime() - t0) / 1_000_000);
  }

  private static long size(Path file) throws IOException {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  /** About how big the finished output is, to spread the kills over it. */
  private static long expectedBytes(String mode, Path in) throws IOException {
    return switch (mode) {
      case "map", "map-unordered" -> Files.size(in);
      case "create" -> 2000L * 3 * 18;
      default -> (long) ROWS * 25;
    };
  }

  private static Process launch(String mode, Path in, Path out) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-cp", System.getProperty("java.class.path"),
            KillChild.class.getName(), mode, in.toString(), out.toString());
    builder.redirectErrorStream(true);
    return builder.start();
  }

  private static StringBuilder drain(Process child, CountDownLatch started) {
    StringBuilder output = new StringBuilder();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          synchronized (output) {
            output.append(line).append('\n');
          }
          if (line.startsWith("STARTED")) {
            started.countDown();
          }
        }
      } catch (IOException e) {
        // the child was killed
      }
    });
    return output;
  }

  /** The whole lines of the output; a torn last line (left by the kill) is ignored. */
  private static List<JsonNode> wholeRows(Path out) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    if (!Files.exists(out)) {
      return rows;
    }
    String text = Files.readString(out);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return rows;
    }
    for (String line : text.substring(0, end).split("\n", -1)) {
      rows.add(Files2.MAPPER.readTree(line));
    }
    return rows;
  }

  private static long checkPartial(String mode, boolean ordered, Path out, StringBuilder log)
      throws IOException {
    List<JsonNode> rows = wholeRows(out);
    checkRows(mode, ordered, rows, log);
    return rows.size();
  }

  private static void checkRows(String mode, boolean ordered, List<JsonNode> rows, Object log) {
    if (mode.equals("create")) {
      Map<Long, Integer> counts = new HashMap<>();
      for (JsonNode row : rows) {
        long k = row.get("k").asLong();
        assertThat(row.get("v").asLong()).isEqualTo(KillChild.mapValue(k));
        counts.merge(k, 1, Integer::sum);
      }
      assertThat(counts.values()).as("copies per key").allMatch(c -> c <= 3);
      return;
    }
    Set<Long> ids = new HashSet<>();
    long expectedNext = 0;
    for (JsonNode row : rows) {
      long id = row.get("id").asLong();
      assertThat(ids.add(id)).as("id %s written twice; log: %s", id, log).isTrue();
      if (mode.startsWith("map")) {
        assertThat(row.get("y").asLong()).isEqualTo(KillChild.mapValue(row.get("x").asLong()));
      } else {
        assertThat(row.get("r").asLong()).isEqualTo(KillChild.groupValue(row.get("g").asLong()));
        assertThat(row.get("g").asLong()).isEqualTo((id * 31) % GROUPS);
      }
      if (ordered) {
        assertThat(id).as("ordered output is a prefix of the input").isEqualTo(expectedNext);
      }
      expectedNext++;
    }
  }

  private static void checkFinal(String mode, boolean ordered, Path out) throws IOException {
    assertThat(Files.readString(out)).endsWith("\n");
    List<JsonNode> rows = wholeRows(out);
    checkRows(mode, ordered, rows, "final");
    if (mode.equals("create")) {
      assertThat(rows).hasSize(2000 * 3);
    } else {
      assertThat(rows).hasSize(ROWS);
    }
  }
}
