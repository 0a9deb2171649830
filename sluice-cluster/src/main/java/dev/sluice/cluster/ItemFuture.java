package dev.sluice.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One item's result, as handed to the pipeline. It completes exactly once, whichever comes
 * first: a member's result, a failure, or the pipeline's cancellation; a result that arrives
 * later (from a batch that was run again after a member was lost) is dropped here. That is
 * what makes the output exactly-once although the function may run twice.
 */
final class ItemFuture<R> extends CompletableFuture<R> {
  private final RemoteFunction<?, ?> owner;
  /**
   * Claimed by the one completion that wins. The owner's count of outstanding items drops
   * before the future completes, because completing it runs the pipeline's callback, which
   * may hand over the next item at once.
   */
  private final AtomicBoolean claimed = new AtomicBoolean();
  /** The batch that carries the item, once it has left; read when the item is cancelled. */
  volatile BatchCall call;

  ItemFuture(RemoteFunction<?, ?> owner) {
    this.owner = owner;
  }

  private boolean claim() {
    if (claimed.compareAndSet(false, true)) {
      owner.itemDone();
      return true;
    }
    return false;
  }

  @Override
  public boolean complete(R value) {
    return claim() && super.complete(value);
  }

  @Override
  public boolean completeExceptionally(Throwable error) {
    return claim() && super.completeExceptionally(error);
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (claim() && super.cancel(mayInterruptIfRunning)) {
      BatchCall batch = call;
      if (batch != null) {
        batch.itemCancelled();
      }
      return true;
    }
    return false;
  }
}
