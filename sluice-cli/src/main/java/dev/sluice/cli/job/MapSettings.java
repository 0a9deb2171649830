package dev.sluice.cli.job;

import dev.sluice.cli.cluster.ClusterTarget;
import dev.sluice.cli.http.Header;
import dev.sluice.cli.http.Template;
import dev.sluice.cli.options.Rate;
import dev.sluice.cli.ui.ProgressMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code sluice map} was asked to do, checked and resolved.
 *
 * @param job the file job's part
 * @param url the URL template (HTTP mode), or null
 * @param method the HTTP method
 * @param body the body template, or null to send the row
 * @param headers the headers
 * @param command the worker command (process-pool mode), or null
 * @param rate the rate limit, or null
 * @param retries attempts after the first
 * @param backoff the first back-off
 * @param timeout the limit on one call
 * @param grace how long in-flight rows may take to finish after Ctrl-C
 * @param workerGrace how long workers get after end-of-file, and after SIGTERM
 * @param progress how progress is shown (resolved, never {@code auto})
 * @param restart whether to move the old output aside and start over
 * @param program how the CLI was launched, for the resume hint
 * @param args the original arguments, for the resume hint
 * @param cluster the workers to run the calls on, or null to run them here
 */
public record MapSettings(
    JobSpec job,
    Template url,
    String method,
    Template body,
    List<Header> headers,
    List<String> command,
    Rate rate,
    int retries,
    Duration backoff,
    Duration timeout,
    Duration grace,
    Duration workerGrace,
    ProgressMode progress,
    boolean restart,
    String program,
    List<String> args,
    ClusterTarget cluster) {

  /**
   * {@code http} or {@code workers}.
   *
   * @return the mode
   */
  public String mode() {
    return command == null ? "http" : "workers";
  }

  /**
   * The input file.
   *
   * @return the file
   */
  public Path input() {
    return job.input();
  }
}
