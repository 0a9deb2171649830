package dev.sluice.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.sluice.Layer;
import dev.sluice.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeoutException;

/**
 * The scale-out layer: runs the function of a pipeline stage on the members of a Hazelcast
 * cluster while the pipeline itself (source, ordering, back-pressure, sinks) stays in this JVM,
 * the driver. Sluice builds no RPC of its own; batches travel through Hazelcast's {@link
 * com.hazelcast.core.IExecutorService}.
 *
 * {@snippet :
 * try (SluiceCluster cluster = SluiceCluster.connect(
 *     ClusterOptions.defaults().withClusterName("jobs").withMembers("10.0.0.5:5701", "10.0.0.6:5701"))) {
 *   long n = cluster.<String, Integer>map(Pipeline.lines(input), 256, "score")
 *       .drain(results::add);
 * }
 * }
 *
 * <h2>Modes</h2>
 * <ul>
 *   <li>{@link #local()}: no Hazelcast at all; functions from a {@link FunctionRegistry} run in
 *       this JVM with the same batching and error reporting. The same pipeline runs unchanged.
 *   <li>{@link #embedded()}: one Hazelcast member in this JVM (bound to {@code 127.0.0.1} by
 *       default) that runs the functions, and joins other members when {@link
 *       ClusterOptions#members()} names some.
 *   <li>{@link #connect}: a Hazelcast client of an existing cluster of workers ({@link
 *       WorkerMain}); the driver runs no function itself.
 * </ul>
 *
 * <p>See {@link RemoteFunction} for ordering, back-pressure, errors, cancellation and what
 * happens when a member dies. Closing the cluster shuts down the driver's Hazelcast instance
 * (never the workers); items still in flight then fail with a {@link
 * ClusterUnavailableException}. Thread-safe.
 */
public final class SluiceCluster implements AutoCloseable {
  private final Transport transport;
  private final ScheduledThreadPoolExecutor timers;
  private final Dispatcher dispatcher;
  private final ClusterOptions options;

  private SluiceCluster(Transport transport, ClusterOptions options) {
    this.transport = transport;
    this.options = options;
    this.timers =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread t = new Thread(runnable, "sluice-cluster-timer");
              t.setDaemon(true);
              return t;
            });
    this.timers.setRemoveOnCancelPolicy(true);
    this.dispatcher = new Dispatcher(transport, timers, options);
  }

  /**
   * Runs functions in this JVM, from the {@link RemoteFunctions} found with {@link
   * java.util.ServiceLoader}.
   *
   * @return the local mode
   */
  public static SluiceCluster local() {
    return local(FunctionRegistry.discover());
  }

  /**
   * Runs functions from the given registry in this JVM, 16 items at once.
   *
   * @param registry the functions
   * @return the local mode
   */
  public static SluiceCluster local(FunctionRegistry registry) {
    return local(registry, ClusterOptions.defaults());
  }

  /**
   * Runs functions from the given registry in this JVM, {@link ClusterOptions#parallelism()}
   * items at once.
   *
   * @param registry the functions
   * @param options the options; only the parallelism matters
   * @return the local mode
   */
  public static SluiceCluster local(FunctionRegistry registry, ClusterOptions options) {
    Objects.requireNonNull(registry, "registry");
    return new SluiceCluster(new LocalTransport(registry, options.parallelism()), options);
  }

  /**
   * Starts one Hazelcast member in this JVM with the default options: standalone, bound to
   * {@code 127.0.0.1} on a free port.
   *
   * @return the embedded mode
   */
  public static SluiceCluster embedded() {
    return embedded(ClusterOptions.defaults());
  }

  /**
   * Starts one Hazelcast member in this JVM, running the functions found with {@link
   * java.util.ServiceLoader} and {@link ClusterOptions#functionClasses()}; it joins the {@link
   * ClusterOptions#members()}, if any.
   *
   * @param options the options
   * @return the embedded mode
   */
  public static SluiceCluster embedded(ClusterOptions options) {
    return embedded(options, FunctionRegistry.discover(options.functionClasses()));
  }

  /**
   * Starts one Hazelcast member in this JVM running the given functions.
   *
   * @param options the options
   * @param registry the functions this member runs
   * @return the embedded mode
   */
  public static SluiceCluster embedded(ClusterOptions options, FunctionRegistry registry) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(registry, "registry");
    HazelcastInstance member = HazelcastSetup.startMember(options, registry);
    return new SluiceCluster(
        new HazelcastTransport(member, "embedded cluster '" + options.clusterName() + "'"), options);
  }

  /**
   * Connects to a cluster of workers as a Hazelcast client.
   *
   * @param options the options; {@link ClusterOptions#members()} must name at least one member
   * @return the client mode
   * @throws ClusterUnavailableException if no member answers within {@link
   *     ClusterOptions#connectTimeout()}
   */
  public static SluiceCluster connect(ClusterOptions options) {
    Objects.requireNonNull(options, "options");
    if (options.members().isEmpty()) {
      throw new IllegalArgumentException("connect needs at least one member address");
    }
    HazelcastInstance client = HazelcastSetup.connectClient(options);
    return new SluiceCluster(
        new HazelcastTransport(
            client, "cluster '" + options.clusterName() + "' at " + options.members()),
        options);
  }

  /**
   * The function registered under {@code name} on the members, with automatic batching. The
   * name is checked against one member now, so a wrong name fails here.
   *
   * @param name the function's name
   * @param <T> the item type
   * @param <R> the result type
   * @return the function, for {@code mapAsync}
   * @throws UnknownFunctionException if the member asked does not have it
   * @throws ClusterUnavailableException if no member answers within the connect timeout
   */
  public <T, R> RemoteFunction<T, R> function(String name) {
    return function(name, Batching.auto());
  }

  /**
   * The function registered under {@code name} on the members, with the given batching.
   *
   * @param name the function's name
   * @param batching how items are grouped
   * @param <T> the item type
   * @param <R> the result type
   * @return the function, for {@code mapAsync}
   * @throws UnknownFunctionException if the member asked does not have it
   * @throws ClusterUnavailableException if no member answers within the connect timeout
   */
  public <T, R> RemoteFunction<T, R> function(String name, Batching batching) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(batching, "batching");
    check(name);
    return new RemoteFunction<>(name, batching, 0, dispatcher);
  }

  /** Fails fast on a name the cluster does not know. */
  private void check(String name) {
    Transport.Target target = dispatcher.pick(Set.of());
    if (target == null) {
      return; // no member yet: each batch will check when one comes
    }
    List<String> names;
    try {
      names = transport.info(target, options.connectTimeout()).functions();
    } catch (TimeoutException e) {
      throw new ClusterUnavailableException(
          "member " + target.address() + " did not say which functions it has within "
              + options.connectTimeout().toSeconds() + " s",
          e);
    } catch (Exception e) {
      throw new ClusterUnavailableException(
          "could not ask member " + target.address() + " for its functions: " + e, e);
    }
    if (!names.contains(name)) {
      throw new UnknownFunctionException(
          name,
          target.address().equals("local") ? "the local registry" : "member " + target.address(),
          new java.util.TreeSet<>(names));
    }
  }

  /**
   * {@code pipeline.mapAsync(concurrency, function(name))}, told its concurrency, and named
   * after the function: results in input order.
   *
   * @param pipeline the stages before
   * @param concurrency the most items outstanding; at least 1
   * @param name the function's name
   * @param <T> the item type
   * @param <R> the result type
   * @return the pipeline with the remote stage last, so {@code retry}, {@code timeout} and
   *     {@code deadLetters} apply to it
   */
  public <T, R> Pipeline<R> map(Pipeline<T> pipeline, int concurrency, String name) {
    RemoteFunction<T, R> remote = this.<T, R>function(name).withConcurrency(concurrency);
    return pipeline.<R>mapAsync(concurrency, remote).named(name);
  }

  /**
   * Like {@link #map} but results leave as they complete.
   *
   * @param pipeline the stages before
   * @param concurrency the most items outstanding; at least 1
   * @param name the function's name
   * @param <T> the item type
   * @param <R> the result type
   * @return the pipeline with the remote stage last
   */
  public <T, R> Pipeline<R> mapUnordered(Pipeline<T> pipeline, int concurrency, String name) {
    RemoteFunction<T, R> remote = this.<T, R>function(name).withConcurrency(concurrency);
    return pipeline.<R>mapAsyncUnordered(concurrency, remote).named(name);
  }

  /**
   * Seed 004's worker layer on the cluster, for {@link dev.sluice.Layers#pipeline}: {@code
   * Layer.ofAsync(function(name).withConcurrency(scale), scale)}. The source and the collector
   * stay in this JVM; only the middle layer's calls travel, {@code scale} items outstanding at
   * most.
   *
   * {@snippet :
   * Layers.pipeline(Layer.source(this::generate), cluster.layer("work", 64), Layer.collect(this::store));
   * }
   *
   * @param name the function's name
   * @param scale how many items outstanding at once; at least 1
   * @param <I> the item type
   * @param <O> the result type
   * @return the layer
   * @throws UnknownFunctionException if the member asked does not have the function
   */
  public <I, O> Layer<I, O> layer(String name, int scale) {
    RemoteFunction<I, O> remote = this.<I, O>function(name).withConcurrency(scale);
    return Layer.ofAsync(remote, scale);
  }

  /**
   * The addresses of the members that run functions now.
   *
   * @return the addresses; {@code [local]} in the local mode
   */
  public List<String> members() {
    List<String> out = new ArrayList<>();
    for (Transport.Target target : transport.targets()) {
      out.add(target.address());
    }
    return out;
  }

  /**
   * Waits until at least {@code count} members run functions.
   *
   * @param count how many
   * @param timeout how long to wait at most
   * @throws ClusterUnavailableException if fewer are there when the time is up
   * @throws InterruptedException if interrupted while waiting
   */
  public void awaitMembers(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (transport.targets().size() < count) {
      if (System.nanoTime() - deadline > 0) {
        throw new ClusterUnavailableException(
            transport.describe() + " has " + members() + ", fewer than " + count + " members, after "
                + timeout.toSeconds() + " s",
            null);
      }
      Thread.sleep(50);
    }
  }

  /**
   * The options this cluster was opened with.
   *
   * @return the options
   */
  public ClusterOptions options() {
    return options;
  }

  /** Shuts down the driver's own Hazelcast instance (client or embedded member). */
  @Override
  public void close() {
    transport.close();
    timers.shutdownNow();
    // Partial batches and waits for a member still pending: their items fail now with a clear
    // error instead of waiting for ever.
    dispatcher.runPendingAfterClose();
  }

  @Override
  public String toString() {
    return "SluiceCluster[" + transport.describe() + "]";
  }
}
