package dev.sluice.cli.cluster;

import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.VersionProvider;
import dev.sluice.cluster.ClusterOptions;
import dev.sluice.cluster.WorkerMain;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice worker}: one member of the cluster that {@code sluice map --cluster} uses. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "",
      "Starts a worker: a Hazelcast member that runs the per-row calls of 'sluice map --cluster'",
      "(HTTP requests, or rows for a pool of worker processes started here as rows come), and",
      "the functions of Java jobs that use sluice-cluster. Runs until stopped (Ctrl-C, SIGTERM).",
      "Prints 'sluice worker ready: HOST:PORT ...' once it is up.",
      "",
      "Start one per machine, each naming the others in --members (its own address may be in",
      "the list). The open-source cluster has no TLS or authentication: run the workers on a",
      "private network; the cluster name keeps clusters apart but is no secret.",
      "",
      "Options:"
    },
    footer = {
      "",
      "Examples:",
      "  # on 10.0.0.5 and 10.0.0.6:",
      "  sluice worker --cluster jobs --members 10.0.0.5:5701,10.0.0.6:5701 --host 10.0.0.5",
      "  sluice worker --cluster jobs --members 10.0.0.5:5701,10.0.0.6:5701 --host 10.0.0.6",
      "  # anywhere that reaches them:",
      "  sluice map in.jsonl -o out.jsonl --url https://api.example.com/v1/score -c 64 \\",
      "      --cluster jobs --members 10.0.0.5:5701,10.0.0.6:5701"
    })
public final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--cluster", required = true, paramLabel = "NAME",
      description = "The cluster name; the workers and 'sluice map --cluster' must use the same.")
  String cluster;

  @Option(names = "--members", required = true, paramLabel = "HOST:PORT[,HOST:PORT...]",
      description = "Addresses of the cluster's workers, this one may be among them.")
  String members;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "The address to bind to and announce (default: ${DEFAULT-VALUE}, this "
          + "machine only); give the machine's private address to serve others.")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "5701",
      description = "The port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "16",
      description = "Rows this worker runs at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--classpath", paramLabel = "JAR[:JAR...]",
      description = "Your jars, for Java functions (RemoteFunctions listed in META-INF/services "
          + "or named by --functions) and the types they take.")
  String classpath;

  @Option(names = "--functions", paramLabel = "CLASS", split = ",", splitSynopsisLabel = ",",
      description = "RemoteFunctions classes to load besides those listed as services.")
  List<String> functions = new ArrayList<>();

  @Option(names = "--exit-on-stdin-close", hidden = true,
      description = "Stop when standard input closes (when a parent process runs the worker).")
  boolean exitOnStdinClose;

  @Override
  public Integer call() {
    ClusterOptions options;
    try {
      options = ClusterOptions.defaults()
          .withClusterName(cluster)
          .withMembers(ClusterOptions.parseMembers(members))
          .withBind(host, port)
          .withParallelism(parallelism)
          .withFunctionClasses(functions);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (classpath != null) {
      Thread.currentThread().setContextClassLoader(loader(classpath));
    }
    try {
      WorkerMain.serve(options, exitOnStdinClose, System.out);
      return ExitCodes.OK;
    } catch (RuntimeException e) {
      System.err.println("sluice worker: could not start: " + e.getMessage());
      return ExitCodes.ERROR;
    }
  }

  private ClassLoader loader(String paths) {
    List<URL> urls = new ArrayList<>();
    for (String entry : paths.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry);
      if (!Files.exists(path)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--classpath: no such file: " + entry);
      }
      try {
        urls.add(path.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--classpath: " + entry + ": " + e.getMessage());
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), WorkerCommand.class.getClassLoader());
  }
}
