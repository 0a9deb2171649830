package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Pipeline;
import dev.sluice.PipelineException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The same pipeline without a cluster (local mode) and with one member in this JVM. */
@Timeout(120)
class LocalAndEmbeddedTest {

  /** The pipeline under test: it does not know where its function runs. */
  private static List<Long> job(SluiceCluster cluster) {
    return cluster.<Long, Long>map(Pipeline.range(0, 3_000), 64, "double").toList();
  }

  private static List<Long> doubled(long n) {
    return LongStream.range(0, n).map(x -> 2 * x).boxed().toList();
  }

  @Test
  void theSamePipelineRunsLocallyWithoutHazelcast() {
    try (SluiceCluster local = SluiceCluster.local()) {
      assertThat(local.members()).containsExactly("local");
      assertThat(job(local)).isEqualTo(doubled(3_000));
    }
  }

  @Test
  void theSamePipelineRunsOnAnEmbeddedMember() {
    try (SluiceCluster embedded = SluiceCluster.embedded(
        ClusterOptions.defaults().withClusterName("embedded-" + ProcessHandle.current().pid()))) {
      assertThat(embedded.members()).singleElement().asString().startsWith("127.0.0.1:");
      assertThat(job(embedded)).isEqualTo(doubled(3_000));
    }
  }

  @Test
  void seed004sMiddleLayerRunsOnTheCluster() {
    try (SluiceCluster embedded = SluiceCluster.embedded(
        ClusterOptions.defaults().withClusterName("layers-" + ProcessHandle.current().pid()))) {
      AtomicInteger next = new AtomicInteger();
      java.util.Set<Long> collected = java.util.concurrent.ConcurrentHashMap.newKeySet();
      long n = dev.sluice.Layers.pipeline(
          dev.sluice.Layer.source(() -> next.get() < 1_000 ? (long) next.incrementAndGet() : null),
          embedded.<Long, Long>layer("double", 32),
          dev.sluice.Layer.collect((Long x) -> assertThat(collected.add(x)).isTrue()));
      assertThat(n).isEqualTo(1_000);
      assertThat(collected).containsExactlyInAnyOrderElementsOf(
          LongStream.rangeClosed(1, 1_000).map(x -> 2 * x).boxed().toList());
    }
  }

  @Test
  void localModeRunsFunctionsFromAGivenRegistryWithTheSameErrorReporting() {
    FunctionRegistry registry = new FunctionRegistry()
        .register("length", (String s) -> s.length())
        .register("boom", (String s) -> {
          throw new IllegalArgumentException("boom on " + s);
        });
    try (SluiceCluster local = SluiceCluster.local(registry)) {
      assertThat(local.<String, Integer>map(Pipeline.of("a", "bb", "ccc"), 2, "length").toList())
          .containsExactly(1, 2, 3);
      assertThatThrownBy(() -> local.map(Pipeline.of("x"), 2, "boom").toList())
          .isInstanceOf(PipelineException.class)
          .cause()
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("boom on x")
          .satisfies(e -> assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(RemoteOrigin.class));
      assertThatThrownBy(() -> local.function("missing"))
          .isInstanceOf(UnknownFunctionException.class)
          .hasMessageContaining("[boom, length]");
    }
  }

  @Test
  void parallelismBoundsTheItemsRunAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    FunctionRegistry registry = new FunctionRegistry().register("tracked", (Long x) -> {
      max.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(2);
      } finally {
        running.decrementAndGet();
      }
      return x;
    });
    try (SluiceCluster local = SluiceCluster.local(registry, ClusterOptions.defaults().withParallelism(4))) {
      assertThat(local.<Long, Long>map(Pipeline.range(0, 400), 64, "tracked").toList()).hasSize(400);
    }
    assertThat(max.get()).isBetween(1, 4);
  }

  @Test
  void closingTheClusterFailsPendingItemsInsteadOfLeavingThemHanging() throws Exception {
    FunctionRegistry registry = new FunctionRegistry().register("slow", (Long x) -> {
      Thread.sleep(50);
      return x;
    });
    SluiceCluster local = SluiceCluster.local(registry);
    // A long max wait keeps the batch open until close() runs it.
    RemoteFunction<Long, Long> remote = local.<Long, Long>function("slow",
        Batching.auto().withMaxWait(Duration.ofMinutes(5)));
    var pending = remote.apply(1L).toCompletableFuture();
    local.close();
    assertThatThrownBy(() -> pending.get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ClusterUnavailableException.class);
  }

  @Test
  void anUnreachableClusterFailsWithinTheConnectTimeout() throws Exception {
    int port = HazelcastSetup.freePort("127.0.0.1"); // nothing listens there
    long started = System.nanoTime();
    assertThatThrownBy(() -> SluiceCluster.connect(ClusterOptions.defaults()
            .withClusterName("nobody-" + ProcessHandle.current().pid())
            .withMembers("127.0.0.1:" + port)
            .withConnectTimeout(Duration.ofSeconds(5))))
        .isInstanceOf(ClusterUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageContaining("within 5 s");
    System.out.printf("unreachable cluster reported after %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }

  @Test
  void aPeerThatNeverAnswersFailsWithinTheConnectTimeoutToo() throws Exception {
    // The kernel completes the TCP handshake for a listening socket nobody accepts from: the
    // client's connection opens, and its handshake is never answered.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> SluiceCluster.connect(ClusterOptions.defaults()
              .withClusterName("silent-" + ProcessHandle.current().pid())
              .withMembers("127.0.0.1:" + silent.getLocalPort())
              .withConnectTimeout(Duration.ofSeconds(5))))
          .isInstanceOf(ClusterUnavailableException.class)
          .hasMessageContaining("within 5 s");
      System.out.printf("silent peer reported after %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }
  }
}
