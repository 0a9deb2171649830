package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts that need no cluster: options, arguments, batch sizing, the function registry. */
class UnitTest {

  @Test
  void workerArgumentsBecomeOptions() {
    WorkerMain.Parsed parsed = WorkerMain.parse(new String[] {
        "--cluster", "jobs", "--members", "10.0.0.5:5701, 10.0.0.6:5701", "--host", "10.0.0.5",
        "--port", "5702", "--functions", "a.B,c.D", "--parallelism", "8", "--exit-on-stdin-close"});
    ClusterOptions o = parsed.options();
    assertThat(o.clusterName()).isEqualTo("jobs");
    assertThat(o.members()).containsExactly("10.0.0.5:5701", "10.0.0.6:5701");
    assertThat(o.host()).isEqualTo("10.0.0.5");
    assertThat(o.port()).isEqualTo(5702);
    assertThat(o.functionClasses()).containsExactly("a.B", "c.D");
    assertThat(o.parallelism()).isEqualTo(8);
    assertThat(parsed.exitOnStdinClose()).isTrue();
  }

  @Test
  void workerDefaultsToLoopbackAndTheUsualPort() {
    ClusterOptions o = WorkerMain.parse(new String[] {"--cluster", "c", "--members", "127.0.0.1:5701"}).options();
    assertThat(o.host()).isEqualTo("127.0.0.1");
    assertThat(o.port()).isEqualTo(5701);
  }

  @Test
  void badWorkerArgumentsAreReported() {
    assertThatThrownBy(() -> WorkerMain.parse(new String[] {"--members", "h:1"}))
        .hasMessageContaining("--cluster is required");
    assertThatThrownBy(() -> WorkerMain.parse(new String[] {"--cluster", "c"}))
        .hasMessageContaining("--members is required");
    assertThatThrownBy(() -> WorkerMain.parse(new String[] {"--cluster", "c", "--members", "nohost"}))
        .hasMessageContaining("host:port");
    assertThatThrownBy(() -> WorkerMain.parse(new String[] {"--cluster", "c", "--port", "x"}))
        .hasMessageContaining("--port needs a number");
    assertThatThrownBy(() -> WorkerMain.parse(new String[] {"--bogus"})).hasMessageContaining("unknown option");
    assertThat(WorkerMain.parse(new String[] {"--help"})).isNull();
  }

  @Test
  void optionsAreChecked() {
    assertThatThrownBy(() -> ClusterOptions.defaults().withClusterName(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClusterOptions.defaults().withConnectTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClusterOptions.defaults().withParallelism(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ClusterOptions.parseMembers("a:1,,b:2")).containsExactly("a:1", "b:2");
    assertThat(ClusterOptions.defaults().host()).isEqualTo("127.0.0.1");
  }

  @Test
  void batchingIsChecked() {
    assertThat(Batching.none().fixedSize()).isEqualTo(1);
    assertThat(Batching.fixed(500).maxSize()).isEqualTo(500);
    assertThatThrownBy(() -> Batching.fixed(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Batching.auto().withMaxWait(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Batching(10, 5, Duration.ofMillis(1), Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void automaticSizingAimsAtTheTargetTimePerBatch() {
    BatchSizer sizer = new BatchSizer(Batching.auto().withTarget(Duration.ofMillis(50)).withMaxSize(256));
    assertThat(sizer.size(1_000)).isEqualTo(16);
    // 1 ms per item, one at a time: the size settles at 50 items.
    for (int i = 0; i < 50; i++) {
      sizer.observe(sizer.size(1_000), sizer.size(1_000) * 1_000_000L, 1);
    }
    assertThat(sizer.current()).isBetween(48, 52);
    // The same on a member that runs 4 at once: four times as many.
    for (int i = 0; i < 50; i++) {
      sizer.observe(sizer.size(1_000), sizer.size(1_000) * 1_000_000L, 4);
    }
    assertThat(sizer.current()).isBetween(195, 205);
    // A fast function: grows, but at most fourfold a batch, and never past the max.
    int previous = sizer.current();
    for (int i = 0; i < 20; i++) {
      sizer.observe(previous, previous * 1_000L, 4);
      assertThat(sizer.current()).isBetween(previous, 4 * previous);
      previous = sizer.current();
    }
    assertThat(sizer.current()).isEqualTo(256);
    assertThat(sizer.size(10)).as("the cap from the stage's concurrency").isEqualTo(10);
    // A slow one: one item per batch.
    for (int i = 0; i < 20; i++) {
      sizer.observe(1, 1_000_000_000L, 4);
    }
    assertThat(sizer.current()).isEqualTo(1);
  }

  @Test
  void fixedSizingIgnoresMeasurements() {
    BatchSizer sizer = new BatchSizer(Batching.fixed(7));
    sizer.observe(7, 1_000_000_000L, 1);
    assertThat(sizer.size(100)).isEqualTo(7);
  }

  @Test
  void registryRejectsDuplicatesAndFindsServicesAndNamedClasses() {
    FunctionRegistry registry = new FunctionRegistry().register("f", (String s) -> s);
    assertThatThrownBy(() -> registry.register("f", (String s) -> s)).hasMessageContaining("already registered");
    // TestFunctions is both a service and named: registered once.
    FunctionRegistry found = FunctionRegistry.discover(List.of(TestFunctions.class.getName()));
    assertThat(found.names()).contains("double", "flaky");
    assertThatThrownBy(() -> FunctionRegistry.discover(List.of("no.such.Class")))
        .hasMessageContaining("not on the class path");
    assertThatThrownBy(() -> FunctionRegistry.discover(List.of(String.class.getName())))
        .hasMessageContaining("does not implement");
  }

  @Test
  void memberLossIsToldApartFromAFunctionsFailure() {
    assertThat(BatchCall.isMemberLoss(new com.hazelcast.core.MemberLeftException("gone"), true)).isTrue();
    assertThat(BatchCall.isMemberLoss(new com.hazelcast.spi.exception.TargetDisconnectedException("x"), true)).isTrue();
    assertThat(BatchCall.isMemberLoss(new com.hazelcast.core.HazelcastInstanceNotActiveException(), true)).isTrue();
    assertThat(BatchCall.isMemberLoss(new com.hazelcast.core.HazelcastInstanceNotActiveException(), false)).isFalse();
    assertThat(BatchCall.isMemberLoss(new com.hazelcast.client.HazelcastClientNotActiveException("x"), true)).isFalse();
    assertThat(BatchCall.isMemberLoss(new IllegalStateException("user"), true)).isFalse();
  }
}
