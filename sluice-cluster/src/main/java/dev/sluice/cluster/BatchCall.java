package dev.sluice.cluster;

import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.client.HazelcastClientOfflineException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import dev.sluice.cluster.internal.BatchResult;
import dev.sluice.cluster.internal.BatchTask;
import dev.sluice.cluster.internal.ItemFailure;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One batch from the moment it leaves the driver until each of its items has an outcome. Sent
 * to one member at a time; when that member is lost (it leaves, its connection drops, or the
 * batch overruns {@link ClusterOptions#batchTimeout()}), the items still without an outcome are
 * sent to another member. A function's own failure is not a loss: it completes its item
 * exceptionally and is never resent here (the pipeline's retry policy decides).
 *
 * <p>Each item's {@link ItemFuture} completes once, so a result that arrives twice (a member
 * that was thought lost answers after all) reaches the pipeline once.
 */
final class BatchCall {
  private static final long WAIT_STEP_MILLIS = 200;

  private final RemoteFunction<?, ?> owner;
  private final Dispatcher dispatcher;
  private final Object[] items;
  private final ItemFuture<?>[] futures;
  /** Members this batch was lost on: avoided for its next attempts. */
  private final Set<String> lostOn = ConcurrentHashMap.newKeySet();
  private int resubmits;
  private long waitDeadline;
  private volatile Attempt current;

  BatchCall(RemoteFunction<?, ?> owner, Dispatcher dispatcher, Object[] items, ItemFuture<?>[] futures) {
    this.owner = owner;
    this.dispatcher = dispatcher;
    this.items = items;
    this.futures = futures;
  }

  void send() {
    for (ItemFuture<?> future : futures) {
      future.call = this;
    }
    submit();
  }

  /** Sends the items still open to a member, or waits for one. */
  private void submit() {
    int open = 0;
    for (ItemFuture<?> future : futures) {
      open += future.isDone() ? 0 : 1;
    }
    if (open == 0) {
      return;
    }
    if (!dispatcher.transport.isRunning()) {
      failOpen(new ClusterUnavailableException(
          "the connection to " + dispatcher.transport.describe() + " is closed", null));
      return;
    }
    Transport.Target target = dispatcher.pick(lostOn);
    if (target == null) {
      waitForMember(null);
      return;
    }
    int[] indices = new int[open];
    Object[] payload = new Object[open];
    for (int i = 0, j = 0; i < futures.length; i++) {
      if (!futures[i].isDone()) {
        indices[j] = i;
        payload[j++] = items[i];
      }
    }
    Attempt attempt = new Attempt(target, indices);
    current = attempt;
    dispatcher.started(attempt);
    try {
      attempt.timeout =
          dispatcher.timers.schedule(
              () ->
                  attempt.lost(
                      new TimeoutException(
                          "a batch of " + indices.length + " items of function '" + owner.name()
                              + "' ran longer than " + dispatcher.options.batchTimeout()
                              + " on member " + target.address())),
              dispatcher.options.batchTimeout().toNanos(),
              TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // the cluster is closing: the send below fails, no timeout needed
    }
    CompletableFuture<BatchResult> future =
        dispatcher.transport.submit(new BatchTask(owner.name(), payload), target);
    attempt.future = future;
    future.whenComplete(attempt::finished);
    if (allDone()) {
      attempt.cancelRemote(); // every item was cancelled while it was being sent
    }
  }

  private boolean allDone() {
    for (ItemFuture<?> future : futures) {
      if (!future.isDone()) {
        return false;
      }
    }
    return true;
  }

  /** An item was cancelled by the pipeline: when none is left, stop the batch on its member. */
  void itemCancelled() {
    Attempt attempt = current;
    if (attempt != null && allDone()) {
      attempt.cancelRemote();
    }
  }

  private void failover(Attempt attempt, Throwable why) {
    int left;
    synchronized (this) {
      lostOn.add(attempt.target.id());
      left = ++resubmits;
      waitDeadline = 0;
    }
    if (left > dispatcher.options.maxResubmits()) {
      failOpen(
          new ClusterUnavailableException(
              "a batch of function '" + owner.name() + "' lost its member " + left
                  + " times (maxResubmits " + dispatcher.options.maxResubmits() + "); last on "
                  + attempt.target.address(),
              why));
      return;
    }
    owner.failedOver(attempt.indices.length);
    if (left == 1) {
      submit(); // the usual case, one member died: its survivors take the batch at once
      return;
    }
    // Lost again: the cluster may be in trouble; back off rather than burn the resubmits.
    dispatcher.later(this::submit, TimeUnit.MILLISECONDS.toNanos(WAIT_STEP_MILLIS * left));
  }

  /** No member is there: try again shortly, until the failover wait is over. */
  private void waitForMember(Throwable why) {
    long now = System.nanoTime();
    boolean expired;
    synchronized (this) {
      if (waitDeadline == 0) {
        waitDeadline = now + dispatcher.options.failoverWait().toNanos();
      }
      expired = now - waitDeadline > 0;
    }
    if (expired || !dispatcher.transport.isRunning()) {
      failOpen(
          new ClusterUnavailableException(
              "no member of " + dispatcher.transport.describe() + " could run function '"
                  + owner.name() + "' within " + dispatcher.options.failoverWait().toSeconds()
                  + " s",
              why));
      return;
    }
    dispatcher.later(this::submit, TimeUnit.MILLISECONDS.toNanos(WAIT_STEP_MILLIS));
  }

  private void failOpen(Throwable error) {
    for (ItemFuture<?> future : futures) {
      future.completeExceptionally(error);
    }
  }

  /** Whether a failure of a whole batch means its member is gone, rather than a bad batch. */
  static boolean isMemberLoss(Throwable error, boolean driverRunning) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof HazelcastClientNotActiveException) {
        return false; // the driver's own client is down: nothing to fail over to
      }
      if (t instanceof RetryableException // MemberLeftException, TargetNotMemberException, ...
          || t instanceof TargetDisconnectedException
          || t instanceof OperationTimeoutException
          || t instanceof HazelcastClientOfflineException
          || t instanceof TimeoutException
          || t instanceof Dispatcher.MemberLost
          || (t instanceof HazelcastInstanceNotActiveException && driverRunning)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** One sending of (part of) the batch to one member. */
  final class Attempt {
    final Transport.Target target;
    final int[] indices;
    volatile CompletableFuture<BatchResult> future;
    volatile ScheduledFuture<?> timeout;
    private final AtomicBoolean settled = new AtomicBoolean();

    Attempt(Transport.Target target, int[] indices) {
      this.target = target;
      this.indices = indices;
    }

    void finished(BatchResult result, Throwable error) {
      dispatcher.ended(this);
      cancelTimeout();
      if (result != null) {
        // Delivered even when this attempt was given up for lost: the first result wins.
        settled.set(true);
        deliver(result);
        return;
      }
      if (!settled.compareAndSet(false, true) || allDone()) {
        return; // already failed over, or nothing left to deliver (e.g. we cancelled it)
      }
      Throwable cause = unwrap(error);
      boolean running = dispatcher.transport.isRunning();
      if (cause instanceof CancellationException) {
        failOpen(new ClusterUnavailableException("a batch was cancelled on its member", cause));
      } else if (isMemberLoss(cause, running)) {
        dispatcher.suspect(target.id());
        failover(this, cause);
      } else if (!running) {
        failOpen(new ClusterUnavailableException("the cluster connection is closed", cause));
      } else {
        failOpen(cause);
      }
    }

    /** Gives up on this attempt (member left, or timeout) and sends its items elsewhere. */
    void lost(Throwable why) {
      if (!settled.compareAndSet(false, true)) {
        return;
      }
      dispatcher.ended(this);
      cancelTimeout();
      if (why instanceof TimeoutException) {
        cancelRemote();
      }
      failover(this, why);
    }

    void cancelRemote() {
      CompletableFuture<BatchResult> f = future;
      if (f != null) {
        f.cancel(true);
      }
    }

    private void cancelTimeout() {
      ScheduledFuture<?> t = timeout;
      if (t != null) {
        t.cancel(false);
      }
    }

    private void deliver(BatchResult result) {
      owner.deliveryStarted();
      try {
        deliverItems(result);
      } finally {
        owner.deliveryEnded();
      }
      owner.observed(indices.length, result.busyNanos(), result.parallelism());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void deliverItems(BatchResult result) {
      for (int j = 0; j < indices.length; j++) {
        ItemFuture future = futures[indices[j]];
        if (future.isDone()) {
          continue;
        }
        ItemFailure failure = result.failure(j);
        if (failure != null) {
          future.completeExceptionally(failure.rebuild(result.member(), owner.name()));
        } else {
          future.complete(result.value(j));
        }
      }
    }
  }
}
