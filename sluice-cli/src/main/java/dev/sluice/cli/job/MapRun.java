package dev.sluice.cli.job;

import dev.sluice.RateLimiter;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.cluster.ClusterLink;
import dev.sluice.cli.cluster.RemoteHttp;
import dev.sluice.cli.cluster.RemoteWorkers;
import dev.sluice.cli.http.HttpCaller;
import dev.sluice.cli.http.HttpSender;
import dev.sluice.cli.options.Durations;
import dev.sluice.cli.ui.Console;
import dev.sluice.cli.ui.Fmt;
import dev.sluice.cli.ui.ProgressView;
import dev.sluice.cli.ui.ResumeHint;
import dev.sluice.cli.ui.Summary;
import dev.sluice.cli.worker.ProcessCall;
import dev.sluice.cli.worker.WorkerPool;
import dev.sluice.cluster.ClusterUnavailableException;
import dev.sluice.cluster.UnknownFunctionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs one {@code sluice map}: checks the input and output, starts the HTTP client, the worker
 * pool or the link to the cluster, runs the rows through the file job with retries, rate limit
 * and progress, handles Ctrl-C, prints the summary and returns the exit code.
 */
public final class MapRun {
  private final MapSettings settings;
  private final FileJob fileJob;
  private final Console console;
  private ClusterLink link;

  /**
   * Creates a run.
   *
   * @param settings what to do
   * @param fileJob the resumable file job
   * @param console where to report
   */
  public MapRun(MapSettings settings, FileJob fileJob, Console console) {
    this.settings = settings;
    this.fileJob = fileJob;
    this.console = console;
  }

  /**
   * Runs the job.
   *
   * @return the exit code
   */
  public int run() {
    JobSpec spec = settings.job();
    Path input = spec.input();
    if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
      String why = !Files.exists(input) ? "no such file"
          : Files.isDirectory(input) ? "it is a directory" : "permission denied";
      console.line("sluice: cannot read the input " + input + ": " + why);
      return ExitCodes.USAGE;
    }
    OutputFiles files = OutputFiles.of(spec.output(), spec.errors(), spec.rejects());
    OutputGuard guard = new OutputGuard(files);
    try {
      if (settings.restart()) {
        Path aside = guard.moveAside();
        if (aside != null) {
          console.line("sluice: --restart: moved the old output and its files to " + aside
              + " (nothing was deleted)");
        }
      }
      guard.requireSameJob(input, settings.mode());
      guard.requireUnlocked();
    } catch (JobRefusedException e) {
      console.line("sluice: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (IOException e) {
      console.line("sluice: cannot prepare the output " + spec.output() + ": " + e.getMessage());
      return ExitCodes.USAGE;
    }

    CallStats stats = new CallStats();
    StopSignal stop = new StopSignal();
    RateLimiter limiter = settings.rate() == null ? null : settings.rate().limiter();
    Thread jobThread = Thread.currentThread();
    AtomicReference<String> fatal = new AtomicReference<>();
    Caller caller;
    try {
      caller = caller(stop, fatal, jobThread);
    } catch (IOException e) {
      console.line("sluice: cannot start the worker command " + String.join(" ", settings.command())
          + ": " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (ClusterUnavailableException e) {
      console.line("sluice: cannot use the cluster: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (UnknownFunctionException e) {
      console.line("sluice: the workers of cluster '" + settings.cluster().name() + "' cannot run"
          + " sluice map's calls (" + e.getMessage() + "): start them with 'sluice worker' of"
          + " this version");
      return ExitCodes.USAGE;
    }
    int hopelessAfter = Math.max(20, 2 * spec.concurrency());
    RowRunner runner =
        new RowRunner(caller, settings.retries(), settings.backoff(), limiter, stop, stats,
            hopelessAfter, message -> fatal(fatal, stop, jobThread, message));
    ProgressView view =
        new ProgressView(console, settings.progress(), stats, spec.output(), start -> {
          runner.retryingKnownFailures(start.failuresToRetry());
          try {
            guard.record(input, settings.mode());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    Interrupts.install(
        () -> {
          console.line("sluice: stopping: letting the " + stop.inFlight() + " calls in flight"
              + " finish (at most " + Durations.format(settings.grace()) + "); press Ctrl-C"
              + " again to quit at once");
          stop.requestStop();
          Thread.ofPlatform().daemon().name("sluice-stop").start(() -> {
            try {
              stop.awaitIdle(settings.grace());
              Thread.sleep(300); // lets the writer write the last results before the stop
            } catch (InterruptedException e) {
              // stop now
            }
            jobThread.interrupt();
          });
        },
        () -> {
          console.line("sluice: quitting at once. The output is consistent (whole lines only);"
              + " rerun the same command to resume.");
          if (caller instanceof WorkerPool pool) {
            pool.killNow();
          }
          Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
        });

    long started = System.nanoTime();
    JobResult result = null;
    boolean interrupted = false;
    try {
      result = fileJob.run(spec, runner, runner.policy(), view);
    } catch (JobRefusedException e) {
      view.finish();
      console.line("sluice: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (BadLineException e) {
      view.finish();
      console.line("sluice: " + e.getMessage());
      console.line("sluice: every row before that line is done; fix the line, or add"
          + " --on-bad-line skip to set bad lines aside in " + files.rejects() + ", and run"
          + " again.");
      return ExitCodes.USAGE;
    } catch (JobInterruptedException e) {
      interrupted = true;
    } finally {
      view.finish();
      Thread.interrupted(); // a stop's interrupt may still be pending
      caller.close();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    if (fatal.get() != null) {
      console.line("sluice: stopped: " + fatal.get());
      return ExitCodes.USAGE;
    }
    return interrupted
        ? interrupted(view, files, stats, limiter, elapsed)
        : finished(result, files, stats, limiter, elapsed);
  }

  private Caller caller(StopSignal stop, AtomicReference<String> fatal, Thread jobThread)
      throws IOException {
    Consumer<String> onFatal = message -> fatal(fatal, stop, jobThread, message);
    int concurrency = settings.job().concurrency();
    if (settings.cluster() != null) {
      return clusterCaller(onFatal, concurrency);
    }
    if (settings.command() == null) {
      HttpSender.limitConnectionPool(concurrency);
      return new HttpCaller(new HttpSender(settings.timeout()), settings.url(), settings.method(),
          settings.body(), settings.headers(), settings.timeout());
    }
    return WorkerPool.start(settings.command(), concurrency, settings.timeout(),
        settings.workerGrace(), console, onFatal);
  }

  /** The same calls, made by the workers of a cluster. */
  private Caller clusterCaller(Consumer<String> onFatal, int concurrency) {
    link = ClusterLink.connect(settings.cluster(), settings.timeout(), onFatal);
    try {
      List<String> members = link.members();
      console.line("sluice: the calls run on cluster '" + settings.cluster().name() + "': "
          + members.size() + (members.size() == 1 ? " worker (" : " workers (")
          + String.join(", ", members) + ")");
      if (settings.command() == null) {
        return new HttpCaller(new RemoteHttp(link, concurrency), settings.url(), settings.method(),
            settings.body(), settings.headers(), settings.timeout());
      }
      return new RemoteWorkers(link, new ProcessCall.Pool(settings.command(), concurrency,
          settings.timeout(), settings.workerGrace()));
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
  }

  /** Stops the job for a reason that would fail every row; the first reason wins. */
  private static void fatal(
      AtomicReference<String> fatal, StopSignal stop, Thread jobThread, String message) {
    if (fatal.compareAndSet(null, message)) {
      stop.requestStop();
      jobThread.interrupt();
    }
  }

  private int finished(
      JobResult r, OutputFiles files, CallStats stats, RateLimiter limiter, Duration elapsed) {
    for (String warning : r.warnings()) {
      console.line("sluice: warning: " + warning);
    }
    String headline = r.failed() > 0
        ? "sluice: finished with " + Fmt.n(r.failed()) + " failed rows in " + Durations.format(elapsed)
        : "sluice: done in " + Durations.format(elapsed);
    summary(headline, r.written(), r.skipped(), r.failed(), r.rejected(), files, stats, limiter,
        elapsed);
    if (r.keptFailed() > 0) {
      console.line(Summary.row("kept",
          Fmt.n(r.keptFailed()) + " rows failed in an earlier run and stay failed (--keep-failed);"
              + " they are in " + files.errors()));
    }
    if (r.stoppedAtLine() > 0) {
      console.line("sluice: with --ordered, the output stopped at line " + Fmt.n(r.stoppedAtLine())
          + ", whose row failed: nothing after it can be written in order. Rerun to retry it,"
          + " or add --keep-failed to go on past failed rows.");
    }
    boolean allDone = r.failed() == 0 && r.keptFailed() == 0 && r.stoppedAtLine() == 0;
    return allDone ? ExitCodes.OK : ExitCodes.SOME_FAILED;
  }

  private int interrupted(
      ProgressView view, OutputFiles files, CallStats stats, RateLimiter limiter, Duration elapsed) {
    long written = 0;
    JobStart start = view.start();
    if (start != null) {
      try {
        written = Math.max(0, countLines(files.output()) - start.rowsDone());
      } catch (IOException e) {
        written = stats.succeeded.sum();
      }
    }
    var last = view.last();
    summary("sluice: interrupted after " + Durations.format(elapsed) + "; the output is consistent",
        written, last == null ? 0 : last.skipped(), stats.failed.sum(),
        last == null ? 0 : last.rejected(), files, stats, limiter, elapsed);
    console.line("To resume, run the same command again:");
    console.line("  " + ResumeHint.command(settings.program(), settings.args()));
    return ExitCodes.INTERRUPTED;
  }

  private void summary(
      String headline, long written, long skipped, long failed, long rejected, OutputFiles files,
      CallStats stats, RateLimiter limiter, Duration elapsed) {
    Summary s = new Summary(headline, settings.job().output(), files.errors(), files.rejects(),
        written, skipped, failed, rejected, elapsed, stats,
        limiter == null ? -1 : limiter.waitedNanos(),
        settings.rate() == null ? null : settings.rate().text());
    s.lines().forEach(console::line);
    if (link != null) {
      long again = link.resubmittedCalls();
      console.line(Summary.row("cluster",
          Fmt.n(link.members().size()) + " workers at the end"
              + (again > 0 ? "; " + Fmt.n(again) + " calls ran again on another worker after"
                  + " theirs was lost (each row written once)" : "")));
    }
  }

  /** Counts the output's complete lines, to tell how many rows an interrupted run wrote. */
  static long countLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    long lines = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
      while (channel.read(buffer) > 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          if (buffer.get() == '\n') {
            lines++;
          }
        }
        buffer.clear();
      }
    }
    return lines;
  }
}
