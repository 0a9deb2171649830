package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.DeadLetter;
import dev.sluice.Pipeline;
import dev.sluice.PipelineException;
import dev.sluice.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A pipeline whose function runs on two worker JVMs on 127.0.0.1, reached as a Hazelcast
 * client. The workers find their functions with ServiceLoader (the test class path lists
 * {@link TestFunctions} as a service).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ClusterRunTest {
  private Workers workers;
  private SluiceCluster cluster;

  @BeforeAll
  void startCluster() throws Exception {
    workers = new Workers("run-" + ProcessHandle.current().pid());
    try {
      workers.reserve(2).startAll();
      cluster = SluiceCluster.connect(
          ClusterOptions.defaults()
              .withClusterName(workers.cluster)
              .withMembers(workers.addresses())
              .withConnectTimeout(Duration.ofSeconds(20)));
      cluster.awaitMembers(2, Workers.START_TIMEOUT);
    } catch (Exception | Error e) {
      stopCluster();
      throw e;
    }
  }

  @AfterAll
  void stopCluster() {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      workers.close();
    }
  }

  private static List<Long> doubled(long n) {
    return LongStream.range(0, n).map(x -> 2 * x).boxed().toList();
  }

  @Test
  void tenThousandItemsComeBackInOrderEachOnceWithinTheInFlightBound() {
    RemoteFunction<Long, Long> remote = cluster.<Long, Long>function("double").withConcurrency(64);
    Counting<Long, Long> counting = new Counting<>(remote);

    List<Long> out = Pipeline.range(0, 10_000).mapAsync(64, counting).toList();

    assertThat(out).isEqualTo(doubled(10_000)); // order, and each item exactly once
    assertThat(counting.max.get()).as("most calls outstanding, counted by the test").isLessThanOrEqualTo(64);
    RemoteStats stats = remote.stats();
    assertThat(stats.maxOutstanding()).isLessThanOrEqualTo(64);
    assertThat(stats.items()).isEqualTo(10_000);
    assertThat(stats.batches()).as("items travel in batches").isLessThan(10_000 / 4);
    assertThat(stats.outstanding()).isZero();
  }

  @Test
  void unorderedOutputHoldsEachItemOnce() {
    List<Long> out = new ArrayList<>(cluster.<Long, Long>mapUnordered(Pipeline.range(0, 5_000), 128, "double").toList());
    Collections.sort(out);
    assertThat(out).isEqualTo(doubled(5_000));
  }

  @Test
  void workIsSpreadOverBothMembers() {
    Set<Long> pids = new HashSet<>(cluster.<Long, Long>map(Pipeline.range(0, 2_000), 64, "pid").toList());
    assertThat(pids).hasSize(2).doesNotContain(ProcessHandle.current().pid());
  }

  @Test
  void aSlowSinkHoldsBackTheSource() {
    int concurrency = 32;
    int items = 1_500;
    AtomicLong pulled = new AtomicLong();
    AtomicLong sunk = new AtomicLong();
    AtomicLong maxAhead = new AtomicLong();
    Pipeline<Long> source = Pipeline.generate(() -> {
      long next = pulled.get();
      if (next >= items) {
        return null;
      }
      pulled.incrementAndGet();
      maxAhead.accumulateAndGet(next + 1 - sunk.get(), Math::max);
      return next;
    });

    long n = cluster.<Long, Long>map(source, concurrency, "double").drain(x -> {
      Thread.sleep(1);
      sunk.incrementAndGet();
    });

    assertThat(n).isEqualTo(items);
    System.out.printf("slow sink: the source ran at most %d items ahead%n", maxAhead.get());
    // The stage's documented bound: its reorder window, max(4n, 256) as a power of two, plus
    // the item in the source's hand and the one in the sink's.
    long bound = Math.max(4 * concurrency, 256) + 2;
    assertThat(maxAhead.get()).as("items read ahead of the sink").isLessThanOrEqualTo(bound);
    assertThat(maxAhead.get()).as("the source did run ahead").isGreaterThan(concurrency);
  }

  @Test
  void aFunctionThatThrowsOnAMemberFailsTheRunWithTheMembersExceptionAndTheItem() {
    Pipeline<Long> pipeline = cluster.map(Pipeline.range(0, 2_000), 64, "fail-on-13");

    assertThatThrownBy(pipeline::toList)
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.position()).isEqualTo(13);
          assertThat(e.stage()).isEqualTo("fail-on-13");
          assertThat(e.getMessage()).contains("item #13 (13)").contains("bad item 13");
          assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("bad item 13");
          assertThat(e.getCause().getStackTrace()[0].getClassName()).startsWith(TestFunctions.class.getName());
          assertThat(e.getCause().getSuppressed())
              .anySatisfy(s -> assertThat(s).isInstanceOfSatisfying(RemoteOrigin.class, origin -> {
                assertThat(workers.addresses()).contains(origin.member());
                assertThat(origin.function()).isEqualTo("fail-on-13");
              }));
        });
  }

  @Test
  void retriesApplyToRemoteFailures() {
    List<Long> out = cluster.<Long, Long>map(Pipeline.range(0, 1_000), 64, "flaky")
        .retry(RetryPolicy.builder().maxAttempts(3).backoff(Duration.ZERO, Duration.ZERO)
            .retryOn(IOException.class).build())
        .toList();
    assertThat(out).isEqualTo(doubled(1_000));
  }

  @Test
  void deadLettersReceiveRemoteFailures() {
    List<DeadLetter<?>> dead = new CopyOnWriteArrayList<>();
    List<Long> out = cluster.<Long, Long>map(Pipeline.range(0, 3_000), 64, "fail-on-13")
        .deadLetters(dead::add)
        .toList();

    assertThat(out).hasSize(3_000 - 3).doesNotContain(26L, 2026L, 4026L);
    // Failures arrive as batches complete, not in input order.
    assertThat(dead.stream().<Object>map(DeadLetter::item).toList()).containsExactlyInAnyOrder(13L, 1013L, 2013L);
    assertThat(dead).allSatisfy(letter -> {
      assertThat(letter.error()).isInstanceOf(IllegalStateException.class);
      assertThat(letter.stage()).isEqualTo("fail-on-13");
    });
  }

  @Test
  void aFailureThatCannotTravelArrivesAsText() {
    assertThatThrownBy(() -> cluster.map(Pipeline.range(0, 10), 4, "unserializable-failure").toList())
        .isInstanceOf(PipelineException.class)
        .cause()
        .isInstanceOfSatisfying(RemoteFunctionException.class, e -> {
          assertThat(e.remoteClassName()).endsWith("NotSerializableFailure");
          assertThat(e.getMessage()).contains("cannot travel ").contains("unserializable-failure");
          assertThat(e.getStackTrace()).isNotEmpty();
        });
  }

  @Test
  void anUnknownFunctionFailsWhenTheStageIsBuilt() {
    assertThatThrownBy(() -> cluster.function("no-such-function"))
        .isInstanceOf(UnknownFunctionException.class)
        .hasMessageContaining("no-such-function")
        .hasMessageContaining("double");
  }

  @Test
  void stoppingTheRunEarlyCancelsWhatIsOutstanding() {
    RemoteFunction<Long, Long> remote = cluster.<Long, Long>function("slow-double").withConcurrency(64);
    List<Long> out = Pipeline.range(0, 100_000).mapAsync(64, remote).limit(300).toList();
    assertThat(out).isEqualTo(doubled(300));
    assertThat(remote.stats().items()).isLessThan(100_000);
    awaitNoneOutstanding(remote);
  }

  @Test
  void fixedAndUnbatchedSizesAreHonoured() {
    RemoteFunction<Long, Long> none = cluster.<Long, Long>function("double", Batching.none());
    assertThat(Pipeline.range(0, 200).mapAsync(16, none).toList()).isEqualTo(doubled(200));
    assertThat(none.stats().batches()).isEqualTo(200);

    RemoteFunction<Long, Long> fixed = cluster.<Long, Long>function("double", Batching.fixed(10));
    assertThat(Pipeline.range(0, 200).mapAsync(40, fixed).toList()).isEqualTo(doubled(200));
    assertThat(fixed.stats().batches()).isBetween(20L, 200L);
  }

  @Test
  void aStageTimeoutCancelsRemoteCallsAndHandsThemToTheErrorPolicy() {
    List<DeadLetter<?>> dead = new CopyOnWriteArrayList<>();
    RemoteFunction<Long, Long> remote = cluster.<Long, Long>function("sleep-minute").withConcurrency(4);

    List<Long> out = Pipeline.range(0, 4).mapAsync(4, remote)
        .timeout(Duration.ofMillis(500))
        .deadLetters(dead::add)
        .toList();

    assertThat(out).isEmpty();
    assertThat(dead).hasSize(4).allSatisfy(letter ->
        assertThat(letter.error()).isInstanceOf(java.util.concurrent.TimeoutException.class));
    assertThat(remote.stats().outstanding()).as("the cancelled items are done").isZero();
  }

  /** Every item handed over completes or is cancelled; waits, since cancelling is asynchronous. */
  private static void awaitNoneOutstanding(RemoteFunction<?, ?> remote) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (remote.stats().outstanding() != 0 && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    assertThat(remote.stats().outstanding()).as("items neither completed nor cancelled").isZero();
  }
}
