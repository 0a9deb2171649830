package dev.sluice.jsonl.internal;

/**
 * The set of keys a job has seen, as 128-bit hashes ({@link KeyHash}) in an open-addressing
 * table with linear probing, plus a few per-key columns that only some jobs need.
 *
 * <h2>Memory</h2>
 * Per slot: 16 bytes (the hash) + 1 (flags) + 4 if the job counts rows per key ({@code
 * written}) + 4 if it counts input occurrences ({@code seen}) + 8 if it records where a key's
 * result sits in a journal ({@code offset}): 17 bytes for a map job, 21 for createOrResume, 33
 * for mapByKey. The table is at most 3/4 full and is pre-sized from the file sizes with 1/16
 * slack, so a key costs about 1.4 slots: about 26 bytes for a map job (measured: 26.3 bytes per
 * key, 248 MB for 10 million keys), 30 for createOrResume, 47 for mapByKey (per distinct key).
 * When the table must grow (by half again), old and new arrays exist together for a moment;
 * pre-sizing makes that rare on a resume.
 *
 * <p>The all-zero hash marks an empty slot; a key whose hash is all zero is stored as (0, 1).
 * Not thread-safe: callers that share a table across threads lock around it.
 */
public final class KeyTable {
  /** The key has at least one row in the output (or, for a map job, its one row). */
  public static final int DONE = 1;
  /** The key was read from the input in this run. */
  public static final int SEEN = 2;
  /** The key failed in an earlier run and the job keeps it failed. */
  public static final int KEPT_FAILED = 4;
  /** The key's function call failed in this run. */
  public static final int FAILED = 8;
  /** The key's result is in the journal, at {@link #offset}. */
  public static final int JOURNALED = 16;

  private static final double MAX_LOAD = 0.75;

  private final boolean withWritten;
  private final boolean withSeen;
  private final boolean withOffset;
  private int capacity;
  private int size;
  private long[] hi;
  private long[] lo;
  private byte[] flags;
  private int[] written;
  private int[] seen;
  private long[] offset;

  public KeyTable(long expectedKeys, boolean withWritten, boolean withSeen, boolean withOffset) {
    this.withWritten = withWritten;
    this.withSeen = withSeen;
    this.withOffset = withOffset;
    allocate(capacityFor(Math.max(16, expectedKeys)));
  }

  private static int capacityFor(long keys) {
    long wanted = (long) Math.ceil(keys / MAX_LOAD) + 1;
    if (wanted > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("too many keys for one table: " + keys);
    }
    return (int) wanted;
  }

  private void allocate(int newCapacity) {
    capacity = newCapacity;
    hi = new long[newCapacity];
    lo = new long[newCapacity];
    flags = new byte[newCapacity];
    written = withWritten ? new int[newCapacity] : null;
    seen = withSeen ? new int[newCapacity] : null;
    offset = withOffset ? new long[newCapacity] : null;
  }

  /** The number of keys. */
  public int size() {
    return size;
  }

  /** The number of slots. */
  public int capacity() {
    return capacity;
  }

  /** Bytes held by the table's arrays. */
  public long bytes() {
    long perSlot = 17 + (withWritten ? 4 : 0) + (withSeen ? 4 : 0) + (withOffset ? 8 : 0);
    return perSlot * capacity;
  }

  /** The slot holding the key, or -1. */
  public int find(long h, long l) {
    if (h == 0 && l == 0) {
      l = 1;
    }
    int i = home(h);
    while (true) {
      long sh = hi[i];
      long sl = lo[i];
      if (sh == h && sl == l) {
        return i;
      }
      if (sh == 0 && sl == 0) {
        return -1;
      }
      if (++i == capacity) {
        i = 0;
      }
    }
  }

  /**
   * The slot holding the key, inserting it with no flags and zero counts if absent. Slots move
   * when the table grows, so a slot number is valid only until the next insert.
   */
  public int insert(long h, long l) {
    if (h == 0 && l == 0) {
      l = 1;
    }
    if (size + 1 > capacity * MAX_LOAD) {
      grow();
    }
    int i = home(h);
    while (true) {
      long sh = hi[i];
      long sl = lo[i];
      if (sh == h && sl == l) {
        return i;
      }
      if (sh == 0 && sl == 0) {
        hi[i] = h;
        lo[i] = l;
        size++;
        return i;
      }
      if (++i == capacity) {
        i = 0;
      }
    }
  }

  private int home(long h) {
    // Maps the hash onto [0, capacity) without a division (Lemire's multiply-shift).
    return (int) Math.unsignedMultiplyHigh(h, capacity);
  }

  private void grow() {
    long[] oldHi = hi;
    long[] oldLo = lo;
    byte[] oldFlags = flags;
    int[] oldWritten = written;
    int[] oldSeen = seen;
    long[] oldOffset = offset;
    int oldCapacity = capacity;
    allocate(capacityFor((long) (oldCapacity * MAX_LOAD * 1.5)));
    for (int j = 0; j < oldCapacity; j++) {
      if (oldHi[j] == 0 && oldLo[j] == 0) {
        continue;
      }
      int i = home(oldHi[j]);
      while (hi[i] != 0 || lo[i] != 0) {
        if (++i == capacity) {
          i = 0;
        }
      }
      hi[i] = oldHi[j];
      lo[i] = oldLo[j];
      flags[i] = oldFlags[j];
      if (withWritten) {
        written[i] = oldWritten[j];
      }
      if (withSeen) {
        seen[i] = oldSeen[j];
      }
      if (withOffset) {
        offset[i] = oldOffset[j];
      }
    }
  }

  public boolean has(int slot, int flag) {
    return (flags[slot] & flag) != 0;
  }

  public void set(int slot, int flag) {
    flags[slot] |= (byte) flag;
  }

  public int written(int slot) {
    return written[slot];
  }

  public int addWritten(int slot) {
    return written[slot]++;
  }

  /** Increments the input occurrences of the key and returns the count before. */
  public int addSeen(int slot) {
    return seen[slot]++;
  }

  public long offset(int slot) {
    return offset[slot];
  }

  public void setOffset(int slot, long value) {
    offset[slot] = value;
  }

  /** Calls the visitor with every occupied slot. */
  public void forEachSlot(java.util.function.IntConsumer visitor) {
    for (int i = 0; i < capacity; i++) {
      if (hi[i] != 0 || lo[i] != 0) {
        visitor.accept(i);
      }
    }
  }

  @Override
  public String toString() {
    return "KeyTable[size=" + size + ", capacity=" + capacity + ", bytes=" + bytes() + "]";
  }
}
