package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Pipeline;
import dev.sluice.PipelineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Members killed with SIGKILL while a run is going on. Three workers, loading their functions
 * with {@code --functions}; after each kill a new worker joins, so every round has three.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class FailoverTest {
  private static final int ITEMS = 10_000;

  private Workers workers;
  private SluiceCluster cluster;

  @BeforeAll
  void startCluster() throws Exception {
    workers = new Workers("failover-" + ProcessHandle.current().pid());
    try {
      workers.reserve(3).startAll("--functions", TestFunctions.class.getName());
      cluster = SluiceCluster.connect(
          ClusterOptions.defaults()
              .withClusterName(workers.cluster)
              .withMembers(workers.addresses())
              .withConnectTimeout(Duration.ofSeconds(10))
              .withFailoverWait(Duration.ofSeconds(10)));
      awaitMembersAlive();
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

  /** Waits until the driver sees exactly the workers that are alive. */
  private void awaitMembersAlive() throws InterruptedException {
    Set<String> alive = new HashSet<>();
    for (int i = 0; i < workers.processes.size(); i++) {
      if (workers.processes.get(i).isAlive()) {
        alive.add(workers.addresses().get(i));
      }
    }
    long deadline = System.nanoTime() + Workers.START_TIMEOUT.toNanos();
    while (!new HashSet<>(cluster.members()).equals(alive)) {
      assertThat(System.nanoTime() - deadline)
          .as("members seen by the driver: %s, alive: %s", cluster.members(), alive)
          .isNegative();
      Thread.sleep(100);
    }
  }

  private static List<Long> doubled(long n) {
    return LongStream.range(0, n).map(x -> 2 * x).boxed().toList();
  }

  @Test
  @Order(1)
  void aMemberKilledMidRunLosesNothingAndDuplicatesNothing() throws Exception {
    // Early (batches just started), in the middle, and near the end (most items sent).
    long[] killAt = {500, 5_000, 9_500};
    int[] victims = {0, 1, 3}; // worker 3 is the one that joined after the first kill
    long resubmitted = 0;
    for (int round = 0; round < killAt.length; round++) {
      int victim = victims[round];
      long when = killAt[round];
      boolean ordered = round < 2;
      long started = System.nanoTime();
      RemoteFunction<Long, Long> remote = cluster.<Long, Long>function("slow-double").withConcurrency(128);
      AtomicLong seen = new AtomicLong();
      Pipeline<Long> stage = ordered
          ? Pipeline.range(0, ITEMS).mapAsync(128, remote)
          : Pipeline.range(0, ITEMS).mapAsyncUnordered(128, remote);

      List<Long> out = stage.peek(x -> {
        if (seen.incrementAndGet() == when) {
          workers.kill(victim);
        }
      }).toList();

      assertThat(workers.processes.get(victim).isAlive()).isFalse();
      if (ordered) {
        assertThat(out).as("round %d", round).isEqualTo(doubled(ITEMS));
      } else {
        List<Long> sorted = new ArrayList<>(out);
        Collections.sort(sorted);
        assertThat(sorted).as("round %d", round).isEqualTo(doubled(ITEMS));
      }
      assertThat(remote.stats().outstanding()).isZero();
      resubmitted += remote.stats().resubmittedItems();
      System.out.printf("failover round %d: killed at %d, %s, run took %d ms%n",
          round, when, remote.stats(), (System.nanoTime() - started) / 1_000_000);
      if (round < killAt.length - 1) {
        workers.addOne("--functions", TestFunctions.class.getName());
      }
      awaitMembersAlive();
      System.out.printf("failover round %d: members alive again after %d ms%n",
          round, (System.nanoTime() - started) / 1_000_000);
    }
    // A killed member had batches in flight, which went to the survivors.
    assertThat(resubmitted).as("items sent again after a kill").isPositive();
  }

  @Test
  @Order(2)
  void losingEveryMemberFailsTheRunWithAClearErrorInsteadOfHanging() {
    RemoteFunction<Long, Long> remote = cluster.<Long, Long>function("slow-double").withConcurrency(64);
    AtomicLong seen = new AtomicLong();
    Pipeline<Long> pipeline = Pipeline.range(0, 1_000_000).mapAsync(64, remote).peek(x -> {
      if (seen.incrementAndGet() == 1_000) {
        workers.close();
      }
    });

    long started = System.nanoTime();
    assertThatThrownBy(pipeline::toList)
        .isInstanceOf(PipelineException.class)
        .cause()
        .isInstanceOf(ClusterUnavailableException.class)
        .satisfies(e -> System.out.printf("every member lost: failed after %d ms with %s%n",
            (System.nanoTime() - started) / 1_000_000, e));
  }
}
