package dev.sluice.cluster.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;

/**
 * The outcome of one batch on a member: a result or a failure per item, in the batch's order,
 * or one failure for the whole batch (such as an unknown function). Per-item failures travel
 * as data, never as the task's own failure, so one bad item does not lose its neighbours'
 * results and the driver can tell a function's failure from a lost member.
 */
public final class BatchResult implements DataSerializable {
  private String member;
  private long busyNanos;
  private int parallelism;
  private Object[] values;
  private ItemFailure[] failures;
  private ItemFailure batchFailure;

  /** For deserialization. */
  public BatchResult() {}

  BatchResult(
      String member, long busyNanos, int parallelism, Object[] values, ItemFailure[] failures,
      ItemFailure batchFailure) {
    this.member = member;
    this.busyNanos = busyNanos;
    this.parallelism = parallelism;
    this.values = values;
    this.failures = failures;
    this.batchFailure = batchFailure;
  }

  /**
   * The address of the member that ran the batch.
   *
   * @return the address
   */
  public String member() {
    return member;
  }

  /**
   * The items' run time added up, waits for the member's permits left out.
   *
   * @return nanoseconds
   */
  public long busyNanos() {
    return busyNanos;
  }

  /**
   * How many items the member runs at once.
   *
   * @return the member's parallelism
   */
  public int parallelism() {
    return parallelism;
  }

  /**
   * The number of items.
   *
   * @return the size
   */
  public int size() {
    return values.length;
  }

  /**
   * The failure of item {@code i}, or of the whole batch.
   *
   * @param i the item's index in the batch
   * @return the failure, or null if the item succeeded
   */
  public ItemFailure failure(int i) {
    if (batchFailure != null) {
      return batchFailure;
    }
    return failures == null ? null : failures[i];
  }

  /**
   * The result of item {@code i}.
   *
   * @param i the item's index in the batch
   * @return the result
   */
  public Object value(int i) {
    return values[i];
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(member);
    out.writeLong(busyNanos);
    out.writeInt(parallelism);
    out.writeInt(values.length);
    out.writeBoolean(batchFailure != null);
    if (batchFailure != null) {
      batchFailure.writeTo(out);
      return;
    }
    for (int i = 0; i < values.length; i++) {
      ItemFailure failure = failures == null ? null : failures[i];
      out.writeBoolean(failure != null);
      if (failure != null) {
        failure.writeTo(out);
      } else {
        out.writeObject(values[i]);
      }
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    member = in.readString();
    busyNanos = in.readLong();
    parallelism = in.readInt();
    int size = in.readInt();
    values = new Object[size];
    if (in.readBoolean()) {
      batchFailure = ItemFailure.readFrom(in);
      return;
    }
    for (int i = 0; i < size; i++) {
      if (in.readBoolean()) {
        if (failures == null) {
          failures = new ItemFailure[size];
        }
        failures[i] = ItemFailure.readFrom(in);
      } else {
        values[i] = in.readObject();
      }
    }
  }
}
