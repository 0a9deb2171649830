package dev.sluice.cluster;

import dev.sluice.cluster.internal.BatchResult;
import dev.sluice.cluster.internal.BatchTask;
import dev.sluice.cluster.internal.MemberInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Where batches run: members of a Hazelcast cluster, or this JVM. */
interface Transport extends AutoCloseable {

  /** A place a batch can run. {@code handle} is the transport's own reference to it. */
  record Target(String id, String address, Object handle) {}

  /** The targets that can take work now. */
  List<Target> targets();

  /**
   * Sends a batch. The future fails when the target is lost; cancelling it asks the target to
   * stop the batch. Never throws: a failure to send is a failed future.
   */
  CompletableFuture<BatchResult> submit(BatchTask task, Target target);

  /** What one target says about itself, within the timeout. */
  MemberInfo info(Target target, Duration timeout) throws Exception;

  /** The same, without waiting. */
  CompletableFuture<MemberInfo> infoAsync(Target target);

  /** Calls the listener with a target's id when the target leaves. */
  void onTargetLost(Consumer<String> listener);

  /** Whether the driver's own connection is up; false once closed. */
  boolean isRunning();

  /** For messages: which cluster this is. */
  String describe();

  @Override
  void close();
}
