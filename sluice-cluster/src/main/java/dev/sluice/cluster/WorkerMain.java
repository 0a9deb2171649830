package dev.sluice.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import dev.sluice.cluster.internal.MemberRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a worker: a Hazelcast member that runs the functions registered on its class path,
 * and blocks until it is shut down (SIGTERM/Ctrl-C, or the parent's end with {@code
 * --exit-on-stdin-close}). The {@code sluice} CLI exposes it as {@code sluice worker}.
 *
 * <pre>
 * java -cp app.jar:sluice-cluster.jar:hazelcast.jar dev.sluice.cluster.WorkerMain \
 *     --cluster jobs --members 10.0.0.5:5701,10.0.0.6:5701 --host 10.0.0.5 --port 5701 \
 *     --functions com.example.MyFunctions
 * </pre>
 *
 * <p>Prints one line, {@code sluice worker ready: HOST:PORT cluster=NAME functions=[...]}, once
 * the member is up. Exit status 2 for bad arguments, 1 if the member cannot start.
 */
public final class WorkerMain {
  /** The line a worker prints once it is up; tests and scripts wait for it. */
  public static final String READY = "sluice worker ready: ";

  /**
   * The options to start a worker's JVM with: the access to JDK internals that Hazelcast asks
   * for on JDK 17+ (it runs without it, with warnings and slower), and {@code sun.misc.Unsafe}
   * allowed without a warning on JDK 24+.
   */
  public static final List<String> JVM_OPTIONS = List.of(
      "--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--sun-misc-unsafe-memory-access=allow");

  private WorkerMain() {}

  /**
   * Runs a worker.
   *
   * @param args the command line; {@code --help} lists the options
   */
  public static void main(String[] args) {
    Parsed parsed;
    try {
      parsed = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("sluice worker: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    if (parsed == null) {
      System.out.println(usage());
      return;
    }
    try {
      serve(parsed.options(), parsed.exitOnStdinClose(), System.out);
    } catch (RuntimeException e) {
      System.err.println("sluice worker: could not start: " + e);
      System.exit(1);
    }
  }

  static String usage() {
    return """
        Usage: sluice worker --cluster NAME --members HOST:PORT[,HOST:PORT...]
                             [--host ADDRESS] [--port PORT] [--functions CLASS[,CLASS...]]
                             [--parallelism N] [--exit-on-stdin-close]
          --cluster      cluster name; the driver and every worker must use the same one
          --members      addresses of the cluster's workers (this one may be among them)
          --host         address to bind to and announce (default 127.0.0.1: loopback only)
          --port         port to listen on (default 5701)
          --functions    RemoteFunctions classes to load, besides META-INF/services ones
          --parallelism  items run at once on this worker (default 16)
          --exit-on-stdin-close  stop when standard input closes (when run by a parent)""";
  }

  record Parsed(ClusterOptions options, boolean exitOnStdinClose) {}

  /** Parses the command line; null for {@code --help}. */
  static Parsed parse(String[] args) {
    ClusterOptions options = ClusterOptions.defaults().withBind("127.0.0.1", ClusterOptions.DEFAULT_WORKER_PORT);
    String cluster = null;
    List<String> members = null;
    List<String> functions = new ArrayList<>();
    boolean exitOnStdinClose = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help", "-h" -> {
          return null;
        }
        case "--cluster" -> cluster = value(args, ++i, arg);
        case "--members" -> members = ClusterOptions.parseMembers(value(args, ++i, arg));
        case "--host" -> options = options.withBind(value(args, ++i, arg), options.port());
        case "--port" -> options = options.withBind(options.host(), number(value(args, ++i, arg), arg));
        case "--functions" -> {
          for (String name : value(args, ++i, arg).split(",")) {
            if (!name.isBlank()) {
              functions.add(name.strip());
            }
          }
        }
        case "--parallelism" -> options = options.withParallelism(number(value(args, ++i, arg), arg));
        case "--exit-on-stdin-close" -> exitOnStdinClose = true;
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (cluster == null) {
      throw new IllegalArgumentException("--cluster is required");
    }
    if (members == null || members.isEmpty()) {
      throw new IllegalArgumentException("--members is required");
    }
    return new Parsed(
        options.withClusterName(cluster).withMembers(members).withFunctionClasses(functions),
        exitOnStdinClose);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int number(String text, String option) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number, was '" + text + "'");
    }
  }

  /**
   * Starts a member with the functions found on the context class loader (services and {@link
   * ClusterOptions#functionClasses()}), prints the {@link #READY} line, and blocks until the
   * member shuts down (SIGTERM, or the end of standard input when asked).
   *
   * @param options where to bind and which cluster to join
   * @param exitOnStdinClose whether the end of standard input stops the member
   * @param out where the ready line goes
   * @throws RuntimeException if the member cannot start (port taken, bad functions class)
   */
  public static void serve(ClusterOptions options, boolean exitOnStdinClose, PrintStream out) {
    FunctionRegistry registry = FunctionRegistry.discover(options.functionClasses());
    HazelcastInstance member = HazelcastSetup.startMember(options, registry);
    CountDownLatch stopped = new CountDownLatch(1);
    member
        .getLifecycleService()
        .addLifecycleListener(
            event -> {
              if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
              }
            });
    if (exitOnStdinClose) {
      // A parent that dies, even by SIGKILL, closes our standard input: do not outlive it.
      Thread.ofPlatform().daemon().name("sluice-stdin-watch").start(() -> {
        drain(System.in);
        member.getLifecycleService().terminate();
        stopped.countDown();
      });
    }
    out.println(
        READY + MemberRuntime.of(member).address() + " cluster=" + options.clusterName()
            + " functions=" + registry.names());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      member.shutdown();
    }
  }

  private static void drain(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // nothing to read but the end
      }
    } catch (IOException e) {
      // the pipe broke: the parent is gone all the same
    }
  }
}
