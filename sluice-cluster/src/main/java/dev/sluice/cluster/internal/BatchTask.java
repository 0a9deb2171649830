package dev.sluice.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * One remote task: a function's name and a batch of items. It carries no code: the member looks
 * the function up in its own {@link MemberRuntime}'s registry. Items are written with
 * Hazelcast's serialization, so strings, boxed primitives and byte arrays travel compactly and
 * anything {@link java.io.Serializable} travels too.
 */
public final class BatchTask implements Callable<BatchResult>, DataSerializable, HazelcastInstanceAware {
  private String function;
  private Object[] items;
  private transient HazelcastInstance instance;

  /** For deserialization. */
  public BatchTask() {}

  /**
   * A task.
   *
   * @param function the function's name
   * @param items the items, in order
   */
  public BatchTask(String function, Object[] items) {
    this.function = function;
    this.items = items;
  }

  /**
   * The function's name.
   *
   * @return the name
   */
  public String function() {
    return function;
  }

  /**
   * The items.
   *
   * @return the items, not copied
   */
  public Object[] items() {
    return items;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
    this.instance = hazelcastInstance;
  }

  @Override
  public BatchResult call() throws InterruptedException {
    return MemberRuntime.of(instance).run(function, items);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(function);
    out.writeInt(items.length);
    for (Object item : items) {
      out.writeObject(item);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    function = in.readString();
    int size = in.readInt();
    items = new Object[size];
    for (int i = 0; i < size; i++) {
      items[i] = in.readObject();
    }
  }
}
