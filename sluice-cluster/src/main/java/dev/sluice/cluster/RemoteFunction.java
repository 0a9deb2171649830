package dev.sluice.cluster;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A function that runs on the members of a cluster, for {@link dev.sluice.Pipeline#mapAsync}
 * and {@link dev.sluice.Pipeline#mapAsyncUnordered}. Get one from {@link
 * SluiceCluster#function}; the pipeline stays in the driver and only the function's calls
 * travel.
 *
 * {@snippet :
 * try (SluiceCluster cluster = SluiceCluster.connect(options)) {
 *   List<Integer> lengths = Pipeline.from(lines)
 *       .mapAsync(256, cluster.<String, Integer>function("length"))
 *       .toList();
 * }
 * }
 *
 * <h2>Batching</h2>
 * Items travel to a member in batches, sized as {@link Batching} says. A partial batch is due
 * when its oldest item has waited {@link Batching#maxWait()}, or at once when the stage's
 * concurrency is used up, if known ({@link #withConcurrency}, which {@link SluiceCluster#map}
 * sets), since no more items can come until results return. A due batch leaves when some member
 * has room (fewer items in flight than twice its parallelism); while every member is busy, it
 * stays in the driver and keeps filling, which costs the items nothing (they would queue on a
 * member otherwise) and the driver less per item.
 *
 * <h2>Ordering and back-pressure</h2>
 * This function only returns a pending result per item: ordering, the bound on items in flight
 * and back-pressure to the source are the pipeline stage's. With {@code mapAsync(n, remote)} at
 * most {@code n} items are outstanding here, and results leave the stage in input order.
 *
 * <h2>Errors</h2>
 * An exception the function throws on a member completes that item exceptionally with the
 * member's exception (rebuilt in the driver when its class is there, else a {@link
 * RemoteFunctionException}), with a {@link RemoteOrigin} naming the member attached as a
 * suppressed exception; the stage then fails the run, or retries or dead-letters the item as
 * its {@code retry}/{@code deadLetters} policies say. An unknown function name fails each item
 * with an {@link UnknownFunctionException}; a cluster that is gone, with a {@link
 * ClusterUnavailableException}.
 *
 * <h2>Members lost: at-least-once execution, exactly-once output</h2>
 * When a member dies while it runs a batch, the batch's items that have no result yet are sent
 * to another member. The function may thus run twice for those items, and its side effects may
 * happen twice; but each item's result completes once, so the stage's output holds each item
 * exactly once, in order when the stage is ordered.
 *
 * <h2>Cancellation</h2>
 * When the pipeline cancels an item (the run stopped, or the stage's {@code timeout} expired),
 * the item is left out of its batch if the batch has not left yet; once every item of a batch
 * that has left is cancelled, the batch is cancelled on its member, which interrupts it.
 *
 * <p>Thread-safe. Counters ({@link #stats()}) cover every stage the instance is used in; use
 * one instance per stage when they matter.
 *
 * @param <T> the item type
 * @param <R> the result type
 */
public final class RemoteFunction<T, R> implements Function<T, CompletionStage<R>> {
  private final String name;
  private final Batching batching;
  private final int concurrency;
  private final Dispatcher dispatcher;
  private final BatchSizer sizer;
  private final Object lock = new Object();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicInteger maxOutstanding = new AtomicInteger();
  private final LongAdder items = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder resubmitted = new LongAdder();
  /** Batch results being handed to their items now: each frees a permit of the stage. */
  private final AtomicInteger delivering = new AtomicInteger();

  /** The batch being filled, guarded by {@code lock}. */
  private Batch open;

  RemoteFunction(String name, Batching batching, int concurrency, Dispatcher dispatcher) {
    this.name = name;
    this.batching = batching;
    this.concurrency = concurrency;
    this.dispatcher = dispatcher;
    this.sizer = new BatchSizer(batching);
  }

  /**
   * The function's name on the members.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The batching.
   *
   * @return how items are grouped
   */
  public Batching batching() {
    return batching;
  }

  /**
   * A new function like this one, with other batching and fresh counters.
   *
   * @param newBatching the batching
   * @return the new function
   */
  public RemoteFunction<T, R> withBatching(Batching newBatching) {
    Objects.requireNonNull(newBatching, "newBatching");
    return new RemoteFunction<>(name, newBatching, concurrency, dispatcher);
  }

  /**
   * A new function like this one, told the concurrency of the stage it serves, with fresh
   * counters. A partial batch is then due as soon as {@code concurrency} items are outstanding
   * rather than after {@link Batching#maxWait()}, and batches hold at most {@code concurrency /
   * (2 * members)} items, so that every member gets some.
   *
   * @param stageConcurrency the {@code n} of {@code mapAsync(n, ...)}; at least 1
   * @return the new function
   */
  public RemoteFunction<T, R> withConcurrency(int stageConcurrency) {
    if (stageConcurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, was " + stageConcurrency);
    }
    return new RemoteFunction<>(name, batching, stageConcurrency, dispatcher);
  }

  /**
   * Hands an item over to be run on a member.
   *
   * @param item the item; not null
   * @return its pending result
   */
  @Override
  public CompletionStage<R> apply(T item) {
    Objects.requireNonNull(item, "item");
    ItemFuture<R> future = new ItemFuture<>(this);
    int now = outstanding.incrementAndGet();
    if (now > maxOutstanding.get()) {
      maxOutstanding.accumulateAndGet(now, Math::max);
    }
    items.increment();
    Batch ready = null;
    Batch started = null;
    boolean dueWithoutRoom = false;
    synchronized (lock) {
      if (open == null) {
        open = new Batch(sizer.size(capacityCap()));
        started = open;
      }
      open.add(item, future);
      if (open.size == open.items.length) {
        ready = takeOpen(); // full: it goes whether members have room or not
      } else if (saturated(now) && delivering.get() == 0) {
        open.due = true; // no more items can come until some complete
        ready = takeIfRoom();
        dueWithoutRoom = ready == null;
      }
    }
    if (ready != null) {
      send(ready);
    } else if (started != null) {
      scheduleFlush(started);
    }
    if (dueWithoutRoom) {
      waitForRoomIfDue();
    }
    return future;
  }

  /**
   * Whether the stage has handed over all the items its concurrency allows, so that no more can
   * come until some complete. Then a partial batch is due at once rather than after {@link
   * Batching#maxWait()}; but not while a batch result is being delivered, because each item it
   * completes lets the stage hand over one more, and those should travel together.
   */
  private boolean saturated(int outstandingNow) {
    return concurrency > 0 && outstandingNow >= concurrency;
  }

  private Batch takeOpen() {
    Batch batch = open;
    open = null;
    return batch;
  }

  /** The open batch, if it is due and some member has room for it. Holds {@code lock}. */
  private Batch takeIfRoom() {
    if (open != null && open.due && open.size > 0 && dispatcher.hasRoom()) {
      return takeOpen();
    }
    return null;
  }

  void deliveryStarted() {
    delivering.incrementAndGet();
  }

  /** A result was delivered: the permits it freed may have filled a batch that is now due. */
  void deliveryEnded() {
    if (delivering.decrementAndGet() == 0 && saturated(outstanding.get())) {
      Batch ready;
      synchronized (lock) {
        if (open != null) {
          open.due = true;
        }
        ready = takeIfRoom();
      }
      if (ready != null) {
        send(ready);
      } else {
        waitForRoomIfDue();
      }
    }
  }

  /** A member has room again: send the partial batch if it is due. */
  void roomFreed() {
    Batch ready;
    synchronized (lock) {
      ready = takeIfRoom();
    }
    if (ready != null) {
      send(ready);
    } else {
      waitForRoomIfDue();
    }
  }

  /** A due batch that found no room waits to be told; checked again after asking, so no wake-up is missed. */
  private void waitForRoomIfDue() {
    boolean due;
    synchronized (lock) {
      due = open != null && open.due;
    }
    if (!due) {
      return;
    }
    dispatcher.waitForRoom(this);
    Batch ready;
    synchronized (lock) {
      ready = takeIfRoom();
    }
    if (ready != null) {
      send(ready);
    }
  }

  /** With a known concurrency, each member should get at least two batches at once. */
  private int capacityCap() {
    if (concurrency <= 0) {
      return batching.maxSize();
    }
    return Math.max(1, concurrency / (2 * dispatcher.targetCount()));
  }

  private void scheduleFlush(Batch batch) {
    dispatcher.later(() -> flush(batch), batching.maxWait().toNanos());
  }

  /** The batch's oldest item has waited {@link Batching#maxWait()}: it is due. */
  private void flush(Batch batch) {
    Batch ready;
    synchronized (lock) {
      if (open != batch) {
        return; // it left already
      }
      batch.due = true;
      ready = takeIfRoom();
    }
    if (ready != null) {
      send(ready);
    } else {
      waitForRoomIfDue();
    }
  }

  private void send(Batch batch) {
    batches.increment();
    Object[] payload = batch.size == batch.items.length ? batch.items : java.util.Arrays.copyOf(batch.items, batch.size);
    ItemFuture<?>[] futures =
        batch.size == batch.futures.length ? batch.futures : java.util.Arrays.copyOf(batch.futures, batch.size);
    new BatchCall(this, dispatcher, payload, futures).send();
  }

  /**
   * The counters so far.
   *
   * @return a snapshot
   */
  public RemoteStats stats() {
    return new RemoteStats(
        items.sum(), batches.sum(), resubmitted.sum(), outstanding.get(), maxOutstanding.get(),
        sizer.size(capacityCap()));
  }

  void itemDone() {
    outstanding.decrementAndGet();
  }

  void failedOver(int itemCount) {
    resubmitted.add(itemCount);
  }

  void observed(int itemCount, long busyNanos, int parallelism) {
    sizer.observe(itemCount, busyNanos, parallelism);
  }

  @Override
  public String toString() {
    return "RemoteFunction[" + name + ", " + dispatcher.transport.describe() + "]";
  }

  /** Items gathered for one batch. Guarded by the function's lock. */
  private static final class Batch {
    final Object[] items;
    final ItemFuture<?>[] futures;
    int size;
    /** Should leave as soon as a member has room (its wait is over, or the stage is full). */
    boolean due;

    Batch(int capacity) {
      items = new Object[capacity];
      futures = new ItemFuture<?>[capacity];
    }

    void add(Object item, ItemFuture<?> future) {
      items[size] = item;
      futures[size++] = future;
    }
  }
}
