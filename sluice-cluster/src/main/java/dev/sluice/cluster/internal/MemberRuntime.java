package dev.sluice.cluster.internal;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.CheckedFunction;
import dev.sluice.cluster.FunctionRegistry;
import dev.sluice.cluster.UnknownFunctionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * What runs batches on a member (or in the driver, in local mode): the member's function
 * registry and a bound on the items it runs at once. Each item runs on a virtual thread of its
 * own, so a function that blocks (I/O, a sleep) holds no platform thread; the bound, shared by
 * every batch on the member, keeps CPU-bound functions from piling up. A batch whose task is
 * cancelled (its items were cancelled in the driver) interrupts its items' threads.
 */
public final class MemberRuntime {
  /** The key of the runtime in the Hazelcast instance's user context. */
  public static final String KEY = "dev.sluice.cluster.runtime";

  private final FunctionRegistry registry;
  private final Semaphore permits;
  private final int parallelism;
  private volatile String address;

  /**
   * A runtime.
   *
   * @param registry the functions it runs
   * @param parallelism how many items it runs at once
   * @param address how it is named in results and errors, until {@link #bindTo} says better
   */
  public MemberRuntime(FunctionRegistry registry, int parallelism, String address) {
    this.registry = registry;
    this.parallelism = parallelism;
    this.permits = new Semaphore(parallelism, true);
    this.address = address;
  }

  /**
   * Makes this the runtime of the member the config starts; the executor's threads are sized to
   * match, so batches of one item can still use every permit.
   *
   * @param config the member's config
   */
  public void installIn(Config config) {
    config.getUserContext().put(KEY, this);
    config.getExecutorConfig(ExecutorNames.EXECUTOR).setPoolSize(Math.max(2, parallelism)).setQueueCapacity(0);
  }

  /**
   * Takes the member's address once it has one.
   *
   * @param instance the started member
   */
  public void bindTo(HazelcastInstance instance) {
    this.address = addressOf(instance);
  }

  /**
   * The runtime of a member: the one installed by Sluice, or, on a member started some other
   * way, one built from the services on its class path.
   *
   * @param instance the member
   * @return its runtime
   */
  public static MemberRuntime of(HazelcastInstance instance) {
    Object runtime = instance.getUserContext().get(KEY);
    if (runtime == null) {
      runtime =
          instance
              .getUserContext()
              .computeIfAbsent(
                  KEY, key -> new MemberRuntime(FunctionRegistry.discover(), 16, addressOf(instance)));
    }
    return (MemberRuntime) runtime;
  }

  private static String addressOf(HazelcastInstance instance) {
    Address a = instance.getCluster().getLocalMember().getAddress();
    return a.getHost() + ":" + a.getPort();
  }

  /**
   * The registry.
   *
   * @return the functions this runtime runs
   */
  public FunctionRegistry registry() {
    return registry;
  }

  /**
   * What this runtime tells drivers about itself.
   *
   * @return its functions and parallelism
   */
  public MemberInfo info() {
    return new MemberInfo(new java.util.ArrayList<>(registry.names()), parallelism);
  }

  /**
   * The address results and errors name.
   *
   * @return the address
   */
  public String address() {
    return address;
  }

  /**
   * Runs a batch: every item, up to the parallelism at once, each result or failure in its
   * place.
   *
   * @param name the function's name
   * @param items the items
   * @return the results
   * @throws InterruptedException if the task is cancelled; the items' threads are interrupted
   */
  public BatchResult run(String name, Object[] items) throws InterruptedException {
    String where = address;
    CheckedFunction<Object, Object> function = registry.find(name);
    Object[] values = new Object[items.length];
    if (function == null) {
      UnknownFunctionException unknown =
          new UnknownFunctionException(name, "member " + where, registry.names());
      return new BatchResult(where, 0, parallelism, values, null, ItemFailure.of(unknown));
    }
    ItemFailure[] failures = new ItemFailure[items.length];
    Thread[] threads = new Thread[items.length];
    CountDownLatch done = new CountDownLatch(items.length);
    // The items' own run time, without waiting for permits that other batches hold: what the
    // driver sizes batches by.
    LongAdder busy = new LongAdder();
    int started = 0;
    try {
      for (int i = 0; i < items.length; i++) {
        permits.acquire();
        int index = i;
        try {
          threads[i] =
              Thread.ofVirtual()
                  .name("sluice-item")
                  .start(
                      () -> {
                        long itemStart = System.nanoTime();
                        try {
                          values[index] = function.apply(items[index]);
                        } catch (Throwable e) {
                          failures[index] = ItemFailure.of(e);
                        } finally {
                          busy.add(System.nanoTime() - itemStart);
                          permits.release();
                          done.countDown();
                        }
                      });
        } catch (Throwable e) {
          permits.release();
          throw e;
        }
        started++;
      }
      done.await();
    } catch (InterruptedException e) {
      for (int i = 0; i < started; i++) {
        threads[i].interrupt();
      }
      throw e;
    }
    boolean anyFailed = false;
    for (ItemFailure failure : failures) {
      anyFailed |= failure != null;
    }
    return new BatchResult(where, busy.sum(), parallelism, values, anyFailed ? failures : null, null);
  }
}
