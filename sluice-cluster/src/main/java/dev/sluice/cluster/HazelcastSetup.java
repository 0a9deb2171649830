package dev.sluice.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.cluster.internal.MemberRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds Hazelcast member and client configurations with Sluice's safety defaults: bind to the
 * given address only, TCP-IP join with explicit members, multicast and auto-detection off, no
 * phone-home, logging through java.util.logging at warnings and above.
 */
final class HazelcastSetup {
  /** Kept so the level set on it is not lost when the logger is collected. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  private HazelcastSetup() {}

  static void quietLogging() {
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "jdk"); // read by loggers made before a config
    }
    if (HAZELCAST_LOG.getLevel() == null) {
      HAZELCAST_LOG.setLevel(Level.WARNING);
    }
  }

  /** Starts a member that runs functions from the registry. */
  static HazelcastInstance startMember(ClusterOptions options, FunctionRegistry registry) {
    quietLogging();
    int port = options.port() == 0 ? freePort(options.host()) : options.port();
    MemberRuntime runtime = new MemberRuntime(registry, options.parallelism(), options.host() + ":" + port);
    Config config = memberConfig(options, port);
    runtime.installIn(config);
    HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
    runtime.bindTo(instance);
    return instance;
  }

  static Config memberConfig(ClusterOptions options, int port) {
    Config config = new Config();
    // Items and results of user types deserialize with the loader that found the functions
    // (sluice worker --classpath puts the user's jars there).
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader != null) {
      config.setClassLoader(loader);
    }
    config.setClusterName(options.clusterName());
    config.setInstanceName("sluice-member-" + options.host() + "-" + port);
    common(config::setProperty);
    // Without this Hazelcast binds to 0.0.0.0 whatever interface is configured.
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.local.localAddress", options.host());
    // A lost member should be noticed in seconds, not the default minute.
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.getJetConfig().setEnabled(false);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    if (isIpLiteral(options.host())) {
      network.getInterfaces().setEnabled(true).addInterface(options.host());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(options.members());
    return config;
  }

  /** Connects a client, or fails within the connect timeout. */
  static HazelcastInstance connectClient(ClusterOptions options) {
    quietLogging();
    ClientConfig config = new ClientConfig();
    config.setClusterName(options.clusterName());
    config.setInstanceName("sluice-driver-" + System.nanoTime());
    common(config::setProperty);
    config.getNetworkConfig().setAddresses(options.members());
    config.getNetworkConfig().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().setConnectionTimeout(
        (int) Math.min(Integer.MAX_VALUE, Math.min(5000, options.connectTimeout().toMillis())));
    config.getConnectionStrategyConfig()
        .getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(options.connectTimeout().toMillis())
        .setInitialBackoffMillis(200)
        .setMaxBackoffMillis(2000);
    // Hazelcast gives up after the connect timeout when no address answers, but a peer that
    // accepts the connection and never answers its handshake holds it for a minute or more
    // (seen in tests). So the wait is bounded here, and a client that connects too late is shut.
    CompletableFuture<HazelcastInstance> client = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("sluice-connect").start(() -> {
      try {
        client.complete(HazelcastClient.newHazelcastClient(config));
      } catch (Throwable e) {
        client.completeExceptionally(e);
      }
    });
    long waitMillis = options.connectTimeout().toMillis() + HARD_BOUND_EXTRA_MILLIS;
    try {
      return client.get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.thenAccept(HazelcastInstance::shutdown);
      throw new ClusterUnavailableException("interrupted while connecting", e);
    } catch (ExecutionException | TimeoutException e) {
      client.thenAccept(HazelcastInstance::shutdown); // if it connects after all, let it go
      throw new ClusterUnavailableException(
          "could not reach cluster '" + options.clusterName() + "' at " + options.members()
              + " within " + options.connectTimeout().toSeconds() + " s: check that the workers"
              + " run (sluice worker --cluster " + options.clusterName() + " ...), that the"
              + " cluster name matches and that the ports are reachable",
          e instanceof ExecutionException ? e.getCause() : e);
    }
  }

  private static final long HARD_BOUND_EXTRA_MILLIS = 1_000;

  private interface PropertySetter {
    Object set(String name, String value);
  }

  private static void common(PropertySetter config) {
    config.set("hazelcast.phone.home.enabled", "false");
    config.set("hazelcast.logging.type", "jdk");
    config.set("hazelcast.shutdownhook.enabled", "true");
  }

  private static boolean isIpLiteral(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  /** A port free on the host right now; a member started just after takes it. */
  static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }
}
