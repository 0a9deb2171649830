package dev.sluice.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.sluice.cluster.internal.BatchResult;
import dev.sluice.cluster.internal.BatchTask;
import dev.sluice.cluster.internal.ExecutorNames;
import dev.sluice.cluster.internal.ListFunctionsTask;
import dev.sluice.cluster.internal.MemberInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs batches on the data members of a Hazelcast cluster through its {@link IExecutorService},
 * from a client or from a member (the embedded mode).
 */
final class HazelcastTransport implements Transport {
  private final HazelcastInstance instance;
  private final IExecutorService executor;
  private final String description;

  HazelcastTransport(HazelcastInstance instance, String description) {
    this.instance = instance;
    this.executor = instance.getExecutorService(ExecutorNames.EXECUTOR);
    this.description = description;
  }

  HazelcastInstance instance() {
    return instance;
  }

  @Override
  public List<Target> targets() {
    Set<Member> members;
    try {
      members = instance.getCluster().getMembers();
    } catch (RuntimeException notActive) {
      return List.of(); // shut down: no target, so pending batches fail with a clear error
    }
    List<Target> targets = new ArrayList<>(members.size());
    for (Member member : members) {
      if (!member.isLiteMember()) {
        targets.add(new Target(member.getUuid().toString(), address(member), member));
      }
    }
    return targets;
  }

  static String address(Member member) {
    Address a = member.getAddress();
    return a.getHost() + ":" + a.getPort();
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletableFuture<BatchResult> submit(BatchTask task, Target target) {
    try {
      Future<BatchResult> future = executor.submitToMember(task, (Member) target.handle());
      if (future instanceof CompletableFuture<?> completable) {
        return (CompletableFuture<BatchResult>) completable;
      }
      // Not so in Hazelcast 5.x; kept so a change there degrades to a thread per batch.
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return future.get();
            } catch (Exception e) {
              throw new java.util.concurrent.CompletionException(e);
            }
          },
          Thread.ofVirtual().factory()::newThread);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public MemberInfo info(Target target, Duration timeout) throws Exception {
    return infoAsync(target).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletableFuture<MemberInfo> infoAsync(Target target) {
    try {
      Future<MemberInfo> info = executor.submitToMember(new ListFunctionsTask(), (Member) target.handle());
      return info instanceof CompletableFuture<?> c
          ? (CompletableFuture<MemberInfo>) c
          : CompletableFuture.failedFuture(new IllegalStateException("unexpected future " + info));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void onTargetLost(Consumer<String> listener) {
    instance
        .getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent event) {}

              @Override
              public void memberRemoved(MembershipEvent event) {
                listener.accept(event.getMember().getUuid().toString());
              }
            });
  }

  @Override
  public boolean isRunning() {
    return instance.getLifecycleService().isRunning();
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    instance.shutdown();
  }
}
