import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A worker for the process-pool tests: reads one JSON row per line on stdin and answers one
 * JSON line per row on stdout. Misbehaves on purpose, by row flags: "crash" exits every time,
 * "crashOnce" exits the first time it sees the row, "hang" starts a child process and never
 * answers. Records its pid (and its child's) in $WORKER_PIDS so tests can check that none is
 * left; sleeps $WORKER_DELAY_MS per row.
 */
public class Worker {
  private static final Pattern N = Pattern.compile("\"n\":(\\d+)");

  public static void main(String[] args) throws Exception {
    long pid = ProcessHandle.current().pid();
    Path pids = Path.of(System.getenv("WORKER_PIDS"));
    Files.writeString(pids.resolve(pid + ".worker"), "");
    long delay = Long.parseLong(System.getenv().getOrDefault("WORKER_DELAY_MS", "0"));
    System.err.println("worker " + pid + " ready");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      Matcher m = N.matcher(line);
      long n = m.find() ? Long.parseLong(m.group(1)) : -1;
      if (line.contains("\"crash\":true")) {
        System.err.println("crashing on row " + n);
        System.exit(3);
      }
      if (line.contains("\"crashOnce\":true")) {
        Path marker = pids.resolve("crashed-" + n);
        if (!Files.exists(marker)) {
          Files.writeString(marker, "");
          System.exit(4);
        }
      }
      if (line.contains("\"hang\":true")) {
        Process child = new ProcessBuilder("sleep", "300").start();
        Files.writeString(pids.resolve(child.pid() + ".child"), "");
        Thread.sleep(Long.MAX_VALUE);
      }
      if (delay > 0) {
        Thread.sleep(delay);
      }
      System.out.println("{\"double\":" + (2 * n) + ",\"pid\":" + pid + "}");
      System.out.flush();
    }
    System.err.println("worker " + pid + " got end-of-file, exiting");
  }
}
