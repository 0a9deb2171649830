package dev.sluice.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Asks a member which functions it has (so a wrong name fails when the stage is built) and how
 * many items it runs at once.
 */
public final class ListFunctionsTask implements Callable<MemberInfo>, Serializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;

  private transient HazelcastInstance instance;

  /** A task. */
  public ListFunctionsTask() {}

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
    this.instance = hazelcastInstance;
  }

  @Override
  public MemberInfo call() {
    return MemberRuntime.of(instance).info();
  }
}
