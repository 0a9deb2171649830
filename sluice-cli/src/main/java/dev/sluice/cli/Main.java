package dev.sluice.cli;

import dev.sluice.cli.ui.Console;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The {@code sluice} command's entry point: parses the arguments and exits with the code. */
public final class Main {
  private Main() {}

  /**
   * Runs the CLI.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the CLI and returns its exit code, without exiting.
   *
   * @param args the arguments
   * @return the exit code
   */
  public static int run(String... args) {
    Console console = new Console(System.err);
    CommandLine cli = commandLine(console);
    return cli.execute(args);
  }

  /**
   * The configured command line: usage errors exit 2 with a short message and a pointer to
   * {@code --help}; unexpected errors exit 1.
   *
   * @param console where the commands report
   * @return the command line
   */
  public static CommandLine commandLine(Console console) {
    CommandLine cli = new CommandLine(new SluiceCommand());
    cli.addSubcommand("map", new MapCommand(console));
    cli.addSubcommand("demo", new dev.sluice.cli.demo.DemoCommand(console));
    cli.addSubcommand("worker", new dev.sluice.cli.cluster.WorkerCommand());
    cli.setErr(new PrintWriter(System.err, true));
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine bad = e.getCommandLine();
          PrintWriter err = bad.getErr();
          err.println("sluice: " + e.getMessage());
          err.println("Run '" + bad.getCommandSpec().qualifiedName() + " --help' for usage and examples.");
          return ExitCodes.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, bad, parsed) -> {
          bad.getErr().println("sluice: internal error: " + e);
          if (System.getenv("SLUICE_DEBUG") != null) {
            e.printStackTrace(bad.getErr());
          } else {
            bad.getErr().println("(set SLUICE_DEBUG=1 for the stack trace)");
          }
          return ExitCodes.ERROR;
        });
    return cli;
  }
}
