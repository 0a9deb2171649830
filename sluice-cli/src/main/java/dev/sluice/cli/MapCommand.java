package dev.sluice.cli;

import dev.sluice.cli.cluster.ClusterTarget;
import dev.sluice.cli.http.Header;
import dev.sluice.cli.http.HttpCaller;
import dev.sluice.cli.http.Template;
import dev.sluice.cli.job.FileJob;
import dev.sluice.cli.job.JobSpec;
import dev.sluice.cli.job.MapRun;
import dev.sluice.cli.job.MapSettings;
import dev.sluice.cli.jsonl.JsonlFileJob;
import dev.sluice.cli.options.Converters;
import dev.sluice.cli.options.Rate;
import dev.sluice.cli.ui.Console;
import dev.sluice.cli.ui.ProgressMode;
import dev.sluice.cluster.ClusterOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice map}: the main job. See the help text below for what it does. */
@Command(
    name = "map",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpWidth = 100,
    synopsisHeading = "Usage:%n",
    customSynopsis = {
      "  sluice map INPUT.jsonl -o OUTPUT.jsonl --url URL [options]       (HTTP mode)",
      "  sluice map INPUT.jsonl -o OUTPUT.jsonl [options] -- CMD [ARGS]   (process-pool mode)",
      "  ... --cluster NAME --members HOST:PORT[,...]            (either mode, on sluice workers)",
    },
    description = {
      "",
      "Sends every row of INPUT.jsonl to an HTTP API (one request per row) or to a pool of",
      "worker processes (one JSON line per row on stdin, one answer line on stdout), and writes",
      "each row with its result to OUTPUT.jsonl. Rows that fail for good go to the errors file.",
      "",
      "Resume is the default: if the run stops for any reason (Ctrl-C, crash, kill -9, reboot),",
      "run the same command again and it continues; every row ends up in the output exactly",
      "once. Rows listed in the errors file are retried by the next run.",
      "",
      "Options:"
    },
    footer = {
      "",
      "Body templates: ${.field} (or ${.a.b}, or ${.} for the whole row) is replaced by the",
      "field's JSON value, quotes included, so '{\"text\": ${.text}}' stays valid JSON whatever",
      "the text holds. In --url, placeholders are percent-encoded. $$ is a literal $.",
      "",
      "Headers: ${NAME} in a --header value is taken from the environment variable NAME, so",
      "secrets stay off the command line. Header values are never printed.",
      "",
      "HTTP results: a JSON response goes under the result field; any other body as a string.",
      "429 and 503 are retried after the server's Retry-After; other 5xx, connection errors",
      "and timeouts after a back-off; other 4xx are not retried.",
      "",
      "Workers: -c copies of CMD run at once. A worker that crashes is restarted and its row",
      "retried; one silent for longer than --timeout is killed and replaced. At the end workers",
      "get end-of-file, then SIGTERM, then SIGKILL.",
      "",
      "Cluster: with --cluster and --members, each call runs on one of the 'sluice worker's",
      "(HTTP requests are sent by the workers; worker commands run there, up to -c per worker).",
      "This machine keeps the rest, so resume works as ever, with or without the cluster. A",
      "worker that dies mid-row has its rows redone on another: a call may run twice, but every",
      "row is written once. See 'sluice worker --help'.",
      "",
      "Ctrl-C stops taking rows, lets the rows in flight finish (--grace), and prints how to",
      "resume. A second Ctrl-C quits at once; the output stays consistent.",
      "",
      "Exit codes: 0 every row done; 3 some rows failed (see the errors file);",
      "2 usage error, unreadable input, unusable output or unreachable cluster; 130 interrupted.",
      "",
      "Examples:",
      "  export API_TOKEN=...",
      "  sluice map reviews.jsonl -o scored.jsonl --url https://api.example.com/v1/score \\",
      "      --header 'Authorization: Bearer ${API_TOKEN}' --body-template '{\"text\": ${.text}}' \\",
      "      --key id -c 16 --rate 20/s --retries 5",
      "  sluice map places.jsonl -o geo.jsonl -X GET \\",
      "      --url 'https://geo.example.com/search?q=${.address}' --rate 1/s",
      "  sluice map docs.jsonl -o emb.jsonl -c 4 --timeout 2m -- python3 embed_worker.py",
      "  sluice map docs.jsonl -o emb.jsonl --restart -- python3 embed_worker.py   # start over",
      "  sluice map docs.jsonl -o emb.jsonl -c 32 --cluster jobs \\",
      "      --members 10.0.0.5:5701,10.0.0.6:5701 -- python3 embed_worker.py"
    })
public final class MapCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final Console console;

  @Parameters(index = "0", paramLabel = "INPUT.jsonl", description = "The input: one JSON object per line.")
  Path input;

  @Parameters(index = "1..*", paramLabel = "CMD", hidden = true,
      description = "After --: the worker command and its arguments.")
  List<String> command = new ArrayList<>();

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT.jsonl",
      description = "The output file; resumed if it holds this job's rows.")
  Path output;

  @Option(names = "--url", paramLabel = "URL",
      description = "HTTP mode: the http or https URL to call for each row; may hold ${.field}.")
  String url;

  @Option(names = {"-X", "--method"}, paramLabel = "METHOD", defaultValue = "POST",
      description = "The HTTP method (default: ${DEFAULT-VALUE}). GET, HEAD, DELETE send no body.")
  String method;

  @Option(names = "--body-template", paramLabel = "TEMPLATE",
      description = "Builds the body from row fields, e.g. '{\"text\": ${.text}}'; @FILE reads it "
          + "from a file. Default: the row as it is.")
  String bodyTemplate;

  @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
      description = "An extra request header; repeatable. ${ENV_VAR} in the value is expanded.")
  List<String> headers = new ArrayList<>();

  @Option(names = "--key", paramLabel = "FIELD",
      description = "The field that identifies a row (a JSON pointer if it starts with /). "
          + "Default: the line number, written as _line.")
  String key;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "8",
      description = "Rows in flight at once: requests, or worker processes (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--rate", paramLabel = "N/s|N/m", converter = Converters.RateConverter.class,
      description = "At most this many calls (retries included), evenly spaced: 10/s, 600/m.")
  Rate rate;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
      description = "Retries per row after the first attempt (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = "--backoff", paramLabel = "DURATION", defaultValue = "500ms",
      converter = Converters.DurationConverter.class,
      description = "The first retry delay bound, doubling up to 30s, with jitter (default: ${DEFAULT-VALUE}).")
  Duration backoff;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
      converter = Converters.DurationConverter.class,
      description = "Limit per call (per attempt): 500ms, 30s, 2m (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--ordered",
      description = "Write the output in input order (default: as rows finish). A row that fails "
          + "for good then stops the run there, unless --keep-failed.")
  boolean ordered;

  @Option(names = "--errors", paramLabel = "FILE",
      description = "Where failed rows go (default: OUTPUT.errors.jsonl).")
  Path errors;

  @Option(names = "--result-field", paramLabel = "NAME", defaultValue = "result",
      description = "The output field that holds each row's result (default: ${DEFAULT-VALUE}).")
  String resultField;

  @Option(names = "--on-bad-line", paramLabel = "fail|skip", defaultValue = "fail",
      description = "A line that is not a JSON object (or lacks the key): fail stops with "
          + "file:line; skip sets it aside in the rejects file (default: ${DEFAULT-VALUE}).")
  String onBadLine;

  @Option(names = "--rejects", paramLabel = "FILE",
      description = "Where skipped bad lines go (default: OUTPUT.rejects.jsonl).")
  Path rejects;

  @Option(names = "--keep-failed",
      description = "Rows that failed in an earlier run stay failed instead of being retried.")
  boolean keepFailed;

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
      description = "auto, bar, lines or none (default: ${DEFAULT-VALUE}: a bar on a terminal, "
          + "else lines).")
  ProgressMode progress;

  @Option(names = "--progress-interval", paramLabel = "DURATION",
      converter = Converters.DurationConverter.class,
      description = "How often progress is shown (default: 200ms for the bar, 5s for lines).")
  Duration progressInterval;

  @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "10s",
      converter = Converters.DurationConverter.class,
      description = "After Ctrl-C, how long rows in flight may take to finish (default: ${DEFAULT-VALUE}).")
  Duration grace;

  @Option(names = "--worker-grace", paramLabel = "DURATION", defaultValue = "3s",
      converter = Converters.DurationConverter.class,
      description = "At the end, how long workers get after end-of-file, and after SIGTERM "
          + "(default: ${DEFAULT-VALUE}).")
  Duration workerGrace;

  @Option(names = "--cluster", paramLabel = "NAME",
      description = "Run the calls on a cluster of 'sluice worker's with this cluster name "
          + "(with --members); this machine keeps reading, retries, output and resume.")
  String cluster;

  @Option(names = "--members", paramLabel = "HOST:PORT[,...]",
      description = "Some of the cluster's workers (with --cluster).")
  String members;

  @Option(names = "--restart",
      description = "Start over: the old output and its files are moved into a folder beside "
          + "it (OUTPUT.old-TIMESTAMP/), never deleted.")
  boolean restart;

  /**
   * Creates the command.
   *
   * @param console where the run reports
   */
  public MapCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    MapSettings settings = settings();
    FileJob job = new JsonlFileJob();
    return new MapRun(settings, job, console).run();
  }

  /** Checks the options together and resolves them; usage errors name the option. */
  MapSettings settings() {
    CommandLine cl = spec.commandLine();
    List<String> args = cl.getParseResult().originalArgs();
    boolean dashes = args.contains("--");
    if (!command.isEmpty() && !dashes) {
      throw usage("unexpected argument '" + command.getFirst() + "': there is one INPUT; to run"
          + " a worker command, put it after --, e.g. sluice map in.jsonl -o out.jsonl -- python3 w.py");
    }
    if (dashes && command.isEmpty()) {
      throw usage("nothing after --: give the worker command, e.g. -- python3 worker.py");
    }
    boolean workers = !command.isEmpty();
    if (workers == (url != null)) {
      throw usage(workers
          ? "give either --url (HTTP mode) or a command after -- (process-pool mode), not both"
          : "missing --url URL (HTTP mode) or -- CMD (process-pool mode)");
    }
    if (concurrency < 1) {
      throw usage("--concurrency must be at least 1, was " + concurrency);
    }
    if (retries < 0) {
      throw usage("--retries must be 0 or more, was " + retries);
    }
    if (timeout.isZero()) {
      throw usage("--timeout must be above zero");
    }
    if (resultField.isBlank()) {
      throw usage("--result-field must not be blank");
    }
    if (key != null && key.isBlank()) {
      throw usage("--key must name a field");
    }
    boolean skip = switch (onBadLine.toLowerCase(Locale.ROOT)) {
      case "fail" -> false;
      case "skip" -> true;
      default -> throw usage("--on-bad-line must be fail or skip, was '" + onBadLine + "'");
    };
    Path in = input.toAbsolutePath().normalize();
    Path out = output.toAbsolutePath().normalize();
    if (in.equals(out)) {
      throw usage("-o/--output must not be the input file");
    }
    if (Files.isDirectory(out)) {
      throw usage("-o/--output " + output + " is a directory; give a file name, e.g. "
          + output.resolve("out.jsonl"));
    }
    Template urlTemplate = null;
    Template body = null;
    List<Header> parsedHeaders = new ArrayList<>();
    if (workers) {
      if (bodyTemplate != null || !headers.isEmpty()) {
        throw usage((bodyTemplate != null ? "--body-template" : "--header")
            + " applies to HTTP mode (--url), not to worker commands");
      }
    } else {
      urlTemplate = url(url);
      body = body();
      for (String h : headers) {
        try {
          parsedHeaders.add(Header.parse(h, System.getenv()));
        } catch (IllegalArgumentException e) {
          throw usage("--header: " + e.getMessage());
        }
      }
    }
    ClusterTarget target = clusterTarget();
    ProgressMode mode = progress.resolve(ProgressMode.onTerminal());
    Duration interval = progressInterval != null ? progressInterval
        : mode == ProgressMode.bar ? Duration.ofMillis(200) : Duration.ofSeconds(5);
    if (interval.isZero()) {
      throw usage("--progress-interval must be above zero");
    }
    JobSpec job = new JobSpec(input, output, key, ordered, resultField, errors, rejects, skip,
        keepFailed, concurrency, interval);
    return new MapSettings(job, urlTemplate, method.toUpperCase(Locale.ROOT), body,
        List.copyOf(parsedHeaders), workers ? List.copyOf(command) : null, rate, retries,
        backoff, timeout, grace, workerGrace, mode, restart,
        System.getProperty("sluice.program", "sluice"), List.copyOf(args), target);
  }

  private ClusterTarget clusterTarget() {
    if (cluster == null && members == null) {
      return null;
    }
    if (cluster == null || members == null) {
      throw usage(cluster == null
          ? "--members needs --cluster NAME, the name the workers were started with"
          : "--cluster needs --members HOST:PORT,... (some of the workers' addresses)");
    }
    if (cluster.isBlank()) {
      throw usage("--cluster must name the cluster");
    }
    try {
      return new ClusterTarget(cluster, ClusterOptions.parseMembers(members));
    } catch (IllegalArgumentException e) {
      throw usage("--members: " + e.getMessage());
    }
  }

  private Template url(String text) {
    Template t;
    try {
      t = Template.parse(text, Template.Encoding.URL);
    } catch (IllegalArgumentException e) {
      throw usage("--url: " + e.getMessage());
    }
    URI uri;
    try {
      uri = URI.create(t.renderSample(com.fasterxml.jackson.databind.node.TextNode.valueOf("x")));
    } catch (IllegalArgumentException e) {
      throw usage("--url '" + text + "' is not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw usage("--url must be an http:// or https:// URL, was '" + text + "'");
    }
    if (uri.getHost() == null) {
      throw usage("--url '" + text + "' has no host");
    }
    return t;
  }

  private Template body() {
    if (bodyTemplate == null) {
      return null;
    }
    if (!HttpCaller.sendsBody(method)) {
      throw usage("--body-template: " + method.toUpperCase(Locale.ROOT) + " requests send no"
          + " body; use -X POST (or PUT, PATCH), or put the fields in --url");
    }
    String text = bodyTemplate;
    if (text.startsWith("@")) {
      try {
        text = Files.readString(Path.of(text.substring(1)));
      } catch (IOException e) {
        throw usage("--body-template: cannot read " + text.substring(1) + ": " + e.getMessage());
      }
    }
    Template t;
    try {
      t = Template.parse(text, Template.Encoding.JSON);
    } catch (IllegalArgumentException e) {
      throw usage("--body-template: " + e.getMessage());
    }
    try {
      boolean json = headers.stream().noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("content-type:"))
          || headers.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("content-type:")
              && h.toLowerCase(Locale.ROOT).contains("json"));
      if (json) {
        t.requireJson();
      }
      return t;
    } catch (IllegalArgumentException e) {
      throw usage("--body-template " + e.getMessage());
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
