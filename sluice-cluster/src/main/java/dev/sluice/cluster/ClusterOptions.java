package dev.sluice.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where the cluster is and how the driver treats it. Immutable; start from {@link #defaults()}
 * and change what differs. Joining a real cluster instead of the embedded member is a change of
 * {@link #members()} and {@link #clusterName()} alone.
 *
 * <p><b>Safety.</b> The defaults bind to and join {@code 127.0.0.1} only, with multicast and
 * cloud auto-detection off and Hazelcast's phone-home disabled. The open-source edition has no
 * TLS and no authentication: the cluster name only keeps clusters apart, it is not a secret.
 * Run members on a private network (a VPN, a firewalled subnet) that only trusted hosts reach.
 *
 * @param clusterName the Hazelcast cluster name; members and driver must agree
 * @param members addresses ({@code host:port}) of members to join or connect to; empty means
 *     the embedded member stands alone
 * @param host the address the embedded member (or a worker) binds to and announces
 * @param port the port the embedded member (or a worker) listens on; 0 picks a free one
 * @param connectTimeout how long to try to reach the cluster before giving up
 * @param batchTimeout how long a batch may run on a member before it is deemed lost and sent to
 *     another member (the first result still wins)
 * @param failoverWait how long a batch whose member was lost waits for a member to run on
 * @param maxResubmits how many times one batch may be sent again after losing its member
 * @param parallelism how many items a member (or the local mode) runs at once
 * @param functionClasses {@link RemoteFunctions} classes the embedded member or a worker loads
 *     besides those found with {@link java.util.ServiceLoader}
 */
public record ClusterOptions(
    String clusterName,
    List<String> members,
    String host,
    int port,
    Duration connectTimeout,
    Duration batchTimeout,
    Duration failoverWait,
    int maxResubmits,
    int parallelism,
    List<String> functionClasses) {

  /** The default port of a worker, Hazelcast's usual one. */
  public static final int DEFAULT_WORKER_PORT = 5701;

  /**
   * Checks the values and copies the lists.
   *
   * @throws IllegalArgumentException if a value is out of range
   */
  public ClusterOptions {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(host, "host");
    members = List.copyOf(members);
    functionClasses = List.copyOf(functionClasses);
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("clusterName must not be blank");
    }
    for (String member : members) {
      parseAddress(member);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535, was " + port);
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("batchTimeout", batchTimeout);
    requirePositive("failoverWait", failoverWait);
    if (maxResubmits < 0) {
      throw new IllegalArgumentException("maxResubmits must be >= 0, was " + maxResubmits);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
    }
  }

  /**
   * The defaults: cluster {@code sluice}, no other members, bound to {@code 127.0.0.1} on a free
   * port, 15 s to connect, 10 min per batch, 30 s to wait for a member after a loss, 3 resubmits
   * per batch, 16 items at once per member.
   *
   * @return the default options
   */
  public static ClusterOptions defaults() {
    return new ClusterOptions(
        "sluice",
        List.of(),
        "127.0.0.1",
        0,
        Duration.ofSeconds(15),
        Duration.ofMinutes(10),
        Duration.ofSeconds(30),
        3,
        16,
        List.of());
  }

  /**
   * With another cluster name.
   *
   * @param name the name
   * @return the new options
   */
  public ClusterOptions withClusterName(String name) {
    return new ClusterOptions(name, members, host, port, connectTimeout, batchTimeout,
        failoverWait, maxResubmits, parallelism, functionClasses);
  }

  /**
   * With other member addresses.
   *
   * @param addresses {@code host:port} each
   * @return the new options
   */
  public ClusterOptions withMembers(List<String> addresses) {
    return new ClusterOptions(clusterName, addresses, host, port, connectTimeout, batchTimeout,
        failoverWait, maxResubmits, parallelism, functionClasses);
  }

  /**
   * With other member addresses.
   *
   * @param addresses {@code host:port} each
   * @return the new options
   */
  public ClusterOptions withMembers(String... addresses) {
    return withMembers(Arrays.asList(addresses));
  }

  /**
   * With another bind address and port for the embedded member or a worker.
   *
   * @param bindHost the address to bind to and announce
   * @param bindPort the port; 0 picks a free one
   * @return the new options
   */
  public ClusterOptions withBind(String bindHost, int bindPort) {
    return new ClusterOptions(clusterName, members, bindHost, bindPort, connectTimeout,
        batchTimeout, failoverWait, maxResubmits, parallelism, functionClasses);
  }

  /**
   * With another connect timeout.
   *
   * @param timeout positive
   * @return the new options
   */
  public ClusterOptions withConnectTimeout(Duration timeout) {
    return new ClusterOptions(clusterName, members, host, port, timeout, batchTimeout,
        failoverWait, maxResubmits, parallelism, functionClasses);
  }

  /**
   * With another batch timeout.
   *
   * @param timeout positive
   * @return the new options
   */
  public ClusterOptions withBatchTimeout(Duration timeout) {
    return new ClusterOptions(clusterName, members, host, port, connectTimeout, timeout,
        failoverWait, maxResubmits, parallelism, functionClasses);
  }

  /**
   * With another failover wait.
   *
   * @param wait positive
   * @return the new options
   */
  public ClusterOptions withFailoverWait(Duration wait) {
    return new ClusterOptions(clusterName, members, host, port, connectTimeout, batchTimeout,
        wait, maxResubmits, parallelism, functionClasses);
  }

  /**
   * With another resubmit bound.
   *
   * @param resubmits at least 0
   * @return the new options
   */
  public ClusterOptions withMaxResubmits(int resubmits) {
    return new ClusterOptions(clusterName, members, host, port, connectTimeout, batchTimeout,
        failoverWait, resubmits, parallelism, functionClasses);
  }

  /**
   * With another per-member parallelism.
   *
   * @param items at least 1
   * @return the new options
   */
  public ClusterOptions withParallelism(int items) {
    return new ClusterOptions(clusterName, members, host, port, connectTimeout, batchTimeout,
        failoverWait, maxResubmits, items, functionClasses);
  }

  /**
   * With {@link RemoteFunctions} classes to load besides the services found.
   *
   * @param classNames fully qualified class names
   * @return the new options
   */
  public ClusterOptions withFunctionClasses(List<String> classNames) {
    return new ClusterOptions(clusterName, members, host, port, connectTimeout, batchTimeout,
        failoverWait, maxResubmits, parallelism, classNames);
  }

  /**
   * Splits a comma-separated list of {@code host:port} addresses.
   *
   * @param csv such as {@code 10.0.0.5:5701,10.0.0.6:5701}
   * @return the addresses, checked
   * @throws IllegalArgumentException if one is not {@code host:port}
   */
  public static List<String> parseMembers(String csv) {
    List<String> out = new ArrayList<>();
    for (String part : csv.split(",")) {
      String trimmed = part.strip();
      if (!trimmed.isEmpty()) {
        parseAddress(trimmed);
        out.add(trimmed);
      }
    }
    return out;
  }

  private static void parseAddress(String address) {
    int colon = address.lastIndexOf(':');
    boolean ok = colon > 0 && colon < address.length() - 1;
    if (ok) {
      try {
        int p = Integer.parseInt(address.substring(colon + 1));
        ok = p > 0 && p <= 65535;
      } catch (NumberFormatException e) {
        ok = false;
      }
    }
    if (!ok) {
      throw new IllegalArgumentException("a member address must be host:port, was '" + address + "'");
    }
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
