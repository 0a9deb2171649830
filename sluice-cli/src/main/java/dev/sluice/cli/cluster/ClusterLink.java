package dev.sluice.cli.cluster;

import dev.sluice.cli.job.RowFailure;
import dev.sluice.cluster.Batching;
import dev.sluice.cluster.ClusterOptions;
import dev.sluice.cluster.ClusterUnavailableException;
import dev.sluice.cluster.RemoteFunction;
import dev.sluice.cluster.SluiceCluster;
import dev.sluice.cluster.UnknownFunctionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The driver's connection to the workers in cluster mode: a Hazelcast client that sends each
 * row attempt to a member, in batches, through sluice-cluster. The driver keeps everything
 * else (reading, retries, rate limit, ordering, output, resume), so a job can move between
 * local and cluster runs and resume either way.
 *
 * <p>A member that dies mid-row has its rows sent to another member: a row's call may thus run
 * twice, but its result is written once. Losing the whole cluster stops the job through {@code
 * onFatal}; the output stays consistent and a rerun resumes. Thread-safe.
 */
public final class ClusterLink implements AutoCloseable {
  /**
   * Batches of about 2 ms of a worker's time: a batch's rows come back together, when its
   * slowest is done, so rows that each take tens of milliseconds (HTTP calls) travel almost one
   * by one, while quick ones (a local command) still share a batch. (Measured with the demo's
   * API on 2 local workers: 321 rows/s, p50 46 ms, against 245 rows/s, p50 62 ms, with the
   * default 50 ms batches.)
   */
  private static final Batching ROW_BATCHING = Batching.auto().withTarget(Duration.ofMillis(2));

  /** Kept so that the level set on it stays. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  private final SluiceCluster cluster;
  private final ClusterTarget target;
  private final Consumer<String> onFatal;
  private volatile List<String> membersAtClose;
  private final List<RemoteFunction<?, ?>> functions = new CopyOnWriteArrayList<>();

  private ClusterLink(SluiceCluster cluster, ClusterTarget target, Consumer<String> onFatal) {
    this.cluster = cluster;
    this.target = target;
    this.onFatal = onFatal;
  }

  /**
   * Connects to the workers.
   *
   * @param target the cluster
   * @param callTimeout the limit on one call, which bounds how long a batch may take on a member
   * @param onFatal told once the cluster is lost for good
   * @return the link
   * @throws ClusterUnavailableException if no worker answers within 15 s
   */
  public static ClusterLink connect(ClusterTarget target, Duration callTimeout, Consumer<String> onFatal) {
    // The client logs a lost member with a stack trace; the summary says what it means instead.
    HAZELCAST_LOG.setLevel(Level.SEVERE);
    // A member that hangs without leaving the cluster has its batches sent elsewhere after
    // this long; the first result still wins, so erring long costs only time.
    Duration batchTimeout = callTimeout.multipliedBy(4).plusSeconds(30);
    ClusterOptions options = ClusterOptions.defaults()
        .withClusterName(target.name())
        .withMembers(target.members())
        .withBatchTimeout(batchTimeout);
    return new ClusterLink(SluiceCluster.connect(options), target, onFatal);
  }

  /**
   * A function of the workers, for the given number of rows in flight.
   *
   * @param name its name
   * @param concurrency the job's concurrency
   * @param <T> the call type
   * @param <R> the reply type
   * @return the function
   * @throws UnknownFunctionException if the workers do not have it (not started by sluice)
   */
  public <T, R> RemoteFunction<T, R> function(String name, int concurrency) {
    RemoteFunction<T, R> function =
        cluster.<T, R>function(name, ROW_BATCHING).withConcurrency(concurrency);
    functions.add(function);
    return function;
  }

  /**
   * Calls sent again because their worker was lost mid-call.
   *
   * @return the count, over every function of this link
   */
  public long resubmittedCalls() {
    return functions.stream().mapToLong(f -> f.stats().resubmittedItems()).sum();
  }

  /**
   * One call on a member, waited for on the row's thread.
   *
   * @param function the function
   * @param call its argument
   * @param <T> the call type
   * @param <R> the reply type
   * @return the reply
   * @throws InterruptedException if the job is stopping (the call is cancelled)
   * @throws Exception what the member's function threw, or a {@link RowFailure} when the
   *     cluster failed the call
   */
  public <T, R> R call(RemoteFunction<T, R> function, T call) throws Exception {
    CompletableFuture<R> pending = function.apply(call).toCompletableFuture();
    try {
      return pending.get();
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  private Exception failure(Throwable cause) {
    if (cause instanceof ClusterUnavailableException || cause instanceof UnknownFunctionException) {
      onFatal.accept("lost the cluster '" + target.name() + "' at " + String.join(",", target.members())
          + ": " + cause.getMessage() + ". The output is consistent: rerun the same command to"
          + " resume once the workers are back, or without --cluster to run here");
      return new RowFailure("the cluster is gone: " + cause.getMessage(), cause);
    }
    return cause instanceof Exception e ? e : new RowFailure(cause.toString(), cause);
  }

  /**
   * The addresses of the workers in the cluster: now, or when the link was closed.
   *
   * @return the addresses
   */
  public List<String> members() {
    List<String> last = membersAtClose;
    return last != null ? last : cluster.members();
  }

  /** Disconnects the client; the workers go on running. */
  @Override
  public void close() {
    if (membersAtClose == null) {
      membersAtClose = List.copyOf(cluster.members());
    }
    cluster.close();
  }
}
