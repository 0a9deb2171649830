package dev.sluice.internal;

import dev.sluice.CheckedFunction;
import dev.sluice.DeadLetter;
import dev.sluice.internal.jfr.SluiceEvents;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The concurrent map stages: {@code mapConcurrent}, {@code mapUnordered}, {@code mapAsync} and
 * the CPU stage, ordered or not.
 *
 * <h2>Algorithm</h2>
 *
 * Two rings of {@code window} slots and four counters:
 *
 * <ul>
 *   <li>{@code published} (volatile, written by the one inlet thread): items admitted so far. Item
 *       {@code i} sits in {@code items[i % window]} until a worker takes it.
 *   <li>{@code claimed} (atomic): items taken by workers. A worker claims a whole chunk with one
 *       CAS, so a hand-off costs one atomic operation per chunk rather than per item. Chunks are
 *       large only while the stage is saturated with quick calls; once calls are slow, a worker
 *       claims one item at a time, so no item waits behind another in a worker's hand.
 *   <li>{@code reserved} (atomic, unordered only): result slots handed out in completion order.
 *       Ordered stages put the result of item {@code i} in {@code results[i % window]} instead:
 *       the slot was reserved when the item was admitted, which is what keeps the order.
 *   <li>{@code consumed} (volatile, written by the one outlet thread): results passed downstream.
 * </ul>
 *
 * Admission is the bound: the inlet admits item {@code i} only when {@code i - consumed <
 * window} (and, unordered, only once a worker has taken whatever was in slot {@code i % window}
 * before, since results there leave in completion order). Every admitted item yields exactly one result, so neither ring can overflow and no
 * worker ever waits for room; the stage holds at most {@code window} items, queued, in flight or
 * done, and at most {@code concurrency} calls run at once (one per worker, or one per permit in
 * async mode). Slots are written before the counter that publishes them (release) and read after
 * the counter (acquire); results are published per slot with a volatile store and a non-null
 * value, so the outlet polls the slot itself.
 */
public final class MapStage<T, R> {
  /** How the user's function is called. */
  public enum Mode {
    /** A blocking function, called by {@code concurrency} virtual threads. */
    BLOCKING,
    /** A function that workers hand to an executor, a chunk of items at a time. */
    EXECUTOR,
    /** A function returning a CompletionStage, called by the inlet under a permit count. */
    ASYNC
  }

  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final VarHandle CONSUMED;

  static {
    try {
      CONSUMED = MethodHandles.lookup().findVarHandle(MapStage.class, "consumed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  /** The result of an item that went to the dead-letter sink: it takes its slot, then vanishes. */
  private static final Object SKIPPED = new Object();
  private static final int MAX_CHUNK = 64;
  /**
   * How long one chunk should take: long enough to amortize a claim, short enough that an item
   * never waits long in a worker's hand.
   */
  private static final long CHUNK_NANOS = 20_000;
  /** While results come fast, how many the outlet waits for at once... */
  private static final int OUTLET_BATCH = 16;
  /** ...and how long at most it holds a ready result back for them. */
  private static final long OUTLET_DELAY_NANOS = 1_000_000;
  /** How long an executor task goes on taking chunks before it gives the executor back. */
  private static final long EXECUTOR_SLICE_NANOS = 5_000_000;

  private final RunContext run;
  private final StageStats stats;
  private final Mode mode;
  private final boolean ordered;
  private final int concurrency;
  private final CheckedFunction<? super T, ? extends R> function;
  private final Function<? super T, ? extends CompletionStage<? extends R>> asyncFunction;
  private final Executor executor;
  private final CallPolicy policy;

  private final int window;
  private final int mask;
  private final int refill;
  private final Object[] items;
  private final Object[] results;
  /** Async calls not yet completed, to cancel when the run stops or the stage is declined. */
  private final Set<CompletableFuture<?>> pendingCalls;

  private volatile long published;
  private final AtomicLong claimed = new AtomicLong();
  /** Claims between their CAS on {@code claimed} and their chunk's assignment. */
  private final AtomicInteger claiming = new AtomicInteger();
  private final AtomicLong reserved = new AtomicLong();
  private volatile long consumed;
  private volatile boolean inputDone;
  private volatile boolean declined;
  private final AtomicInteger asyncInFlight = new AtomicInteger();
  /** Workers spinning for work: while one is, nobody needs waking. */
  private final AtomicInteger searching = new AtomicInteger();
  /** The result position the outlet is blocked on, so only its producer signals. */
  private volatile long awaited = -1;

  private final Gate room;
  private final Gate work;
  private final Gate ready;
  private final Gate permits;
  private final List<Thread> workers = new CopyOnWriteArrayList<>();
  private final AtomicInteger spawned = new AtomicInteger();
  private final List<Chunk> chunks = new CopyOnWriteArrayList<>();
  private volatile boolean stealRequested;
  private volatile Runnable declineAction;

  // Inlet-thread state.
  private long inletNext;
  private long consumedCache;

  private MapStage(
      RunContext run,
      StageStats stats,
      Mode mode,
      boolean ordered,
      int concurrency,
      int window,
      CheckedFunction<? super T, ? extends R> function,
      Function<? super T, ? extends CompletionStage<? extends R>> asyncFunction,
      Executor executor,
      CallPolicy policy) {
    this.run = run;
    this.stats = stats;
    this.mode = mode;
    this.ordered = ordered;
    this.concurrency = concurrency;
    this.function = function;
    this.asyncFunction = asyncFunction;
    this.executor = executor;
    this.policy = policy;
    int size = Integer.highestOneBit(Math.max(2, window) - 1) << 1;
    this.window = window;
    this.mask = size - 1;
    this.refill = Integer.highestOneBit(Math.max(1, window / 8));
    this.items = mode == Mode.ASYNC ? null : new Object[size];
    this.results = new Object[size];
    this.pendingCalls = mode == Mode.ASYNC ? ConcurrentHashMap.newKeySet() : null;
    this.room = new Gate(run);
    this.work = new Gate(run);
    this.ready = new Gate(run);
    this.permits = new Gate(run);
    if (mode == Mode.ASYNC) {
      run.onStop(this::cancelPendingCalls);
    }
    stats.queuedBy(() -> published - consumed);
    stats.limits(concurrency, window);
  }

  /**
   * The default window: enough to keep every worker busy while the output catches up, as a
   * power of two.
   */
  public static int defaultWindow(int concurrency) {
    int window = Math.max(4 * concurrency, 256);
    return Integer.highestOneBit(window - 1) << 1;
  }

  public static <T, R> MapStage<T, R> blocking(
      RunContext run, StageStats stats, boolean ordered, int concurrency, int window,
      CheckedFunction<? super T, ? extends R> function, Executor executor, CallPolicy policy) {
    return new MapStage<>(
        run, stats, executor == null ? Mode.BLOCKING : Mode.EXECUTOR, ordered, concurrency,
        window, function, null, executor, policy);
  }

  public static <T, R> MapStage<T, R> async(
      RunContext run, StageStats stats, boolean ordered, int concurrency, int window,
      Function<? super T, ? extends CompletionStage<? extends R>> function, CallPolicy policy) {
    return new MapStage<>(
        run, stats, Mode.ASYNC, ordered, concurrency, window, null, function, null, policy);
  }

  /**
   * Nothing to start: workers are started as work arrives, up to {@code concurrency}, so a run
   * of a few items at a high concurrency does not pay for threads it never uses.
   */
  public void start() {}

  /**
   * Gets {@code wanted} more workers going: wakes waiting ones if there are any, else starts
   * new ones while fewer than {@code concurrency} exist.
   */
  private void bringInWorkers(long wanted) {
    if (work.hasWaiters()) {
      if (wanted > 1) {
        work.signalAll();
      } else {
        work.signal();
      }
      return;
    }
    for (long started = 0; started < wanted; started++) {
      int count = spawned.get();
      if (count >= concurrency) {
        return;
      }
      if (spawned.compareAndSet(count, count + 1)) {
        Thread worker = run.spawn(stats.name() + "-worker-" + count, this::work);
        if (worker != null) {
          workers.add(worker);
        }
      }
    }
  }

  // ---------------------------------------------------------------- inlet

  public Downstream<T> inlet() {
    return Inlet.of(this::admit, this::endOfInput);
  }

  private void endOfInput() {
    inputDone = true;
    work.signalAll();
    ready.signalAll();
  }

  private boolean admit(T item) {
    if (declined) {
      return false;
    }
    run.checkNotStopped();
    long i = inletNext;
    if (i - consumedCache >= window) {
      consumedCache = consumed;
      if (i - consumedCache >= window) {
        // Wait for a good share of the window to drain, so we are woken once per refill.
        offerStealing();
        room.await(() -> i - consumed <= window - refill || declined);
        if (declined) {
          return false;
        }
        consumedCache = consumed;
      }
    }
    stats.addIn(1);
    if (mode == Mode.ASYNC) {
      callAsync(i, item);
    } else {
      int index = (int) (i & mask);
      if (!ordered && SLOTS.getVolatile(items, index) != null) {
        // Unordered results are consumed in completion order, so a free result slot does not
        // prove that this item slot was read: a worker may still hold it in a claimed chunk.
        if (!awaitItemTaken(index)) {
          return false;
        }
      }
      items[index] = item;
    }
    inletNext = i + 1;
    published = i + 1;
    // Wake a worker only if every earlier item was claimed and nobody is looking for work: when
    // items are queued, some worker is awake and will wake more if the queue stays long.
    if (mode != Mode.ASYNC && claimed.get() >= i && searching.get() == 0) {
      bringInWorkers(1);
    }
    return true;
  }

  /**
   * Unordered, the inlet found the slot's previous item still unread: it sits in some worker's
   * claimed chunk behind a call. Rare, so the inlet polls for it (spinning, then yielding, then
   * sleeping 20 µs at a time) rather than having every worker signal every slot it frees; it
   * first offers the chunk to idle workers to steal.
   *
   * @return false if the stage was declined meanwhile
   */
  private boolean awaitItemTaken(int index) {
    offerStealing();
    for (int polls = 0; SLOTS.getAcquire(items, index) != null; polls++) {
      if (declined) {
        return false;
      }
      run.checkNotStopped();
      if (polls < 100) {
        Thread.onSpinWait();
      } else if (polls < 200) {
        Thread.yield();
      } else {
        LockSupport.parkNanos(20_000);
      }
    }
    return !declined;
  }

  // ---------------------------------------------------------------- workers

  /**
   * The range of items a worker has claimed and not yet started: {@code [next, end)}. The owner
   * takes items from the front; an idle worker may steal the back half, so that one slow call
   * never holds up the items claimed after it while other workers have nothing to do.
   *
   * <p>Protocol (after Cilk's THE): the owner advances {@code next} (volatile) before it checks
   * {@code end}; a thief, holding the chunk's monitor, lowers {@code end} before it checks
   * {@code next}. Both are volatile, so at least one sees the other's move: either the owner sees
   * the lowered end and gives the item up (re-checking under the monitor, in case the thief
   * backed off), or the thief sees the owner already past the split point and restores {@code
   * end}. The owner pays two volatile accesses per item and takes the monitor only on a race.
   */
  private static final class Chunk {
    volatile long next;
    volatile long end;
    /** How many items the owner claims at once; only the owner reads and writes it. */
    int limit = 1;

    /** Owner: the next item of the chunk, or -1 when it is used up or stolen. */
    long take() {
      long j = next;
      if (j >= end) {
        // Confirm under the monitor: a thief may have lowered end only for a moment, and will
        // put it back once it sees we are past its split.
        synchronized (this) {
          if (j >= end) {
            return -1;
          }
        }
      }
      next = j + 1;
      if (j >= end) {
        synchronized (this) {
          if (j >= end) {
            next = j;
            return -1;
          }
        }
      }
      return j;
    }

    /**
     * Owner, idle: takes {@code [first, first + count)}. Under the monitor, so that a thief that
     * is backing off from the previous range (restoring its end) cannot write that old end over
     * the new range; next first, so a thief reading without the monitor never sees a range
     * that mixes the two.
     */
    synchronized void assign(long first, long count) {
      next = first;
      end = first + count;
    }

    boolean stealable() {
      return end - next > 0;
    }
  }

  private void work() throws Exception {
    Chunk mine = new Chunk();
    chunks.add(mine);
    while (true) {
      if (declined) {
        return;
      }
      boolean got = claimWork(mine);
      if (!got && inputDone && claimed.get() >= published) {
        // Every item is claimed. A claim whose chunk is not yet assigned would look like nothing
        // to steal, and leaving now would leave its items to one worker: wait for it, then look
        // once more. Chunks only shrink from here, so when this finds nothing, there is nothing.
        if (claiming.get() > 0) {
          Thread.onSpinWait();
          continue;
        }
        if (!trySteal(mine)) {
          return;
        }
        got = true;
      }
      if (!got) {
        awaitWork();
        continue;
      }
      if (mode == Mode.EXECUTOR) {
        runOnExecutor(mine);
      } else {
        runTimed(mine);
      }
    }
  }

  /**
   * Gives the worker a chunk: queued items, up to its chunk size, with one CAS; else the back
   * half of a busy worker's chunk. False when there is nothing to take.
   */
  private boolean claimWork(Chunk mine) {
    while (true) {
      long c = claimed.get();
      long p = published;
      if (c >= p) {
        return trySteal(mine);
      }
      long chunk = Math.min(mine.limit, p - c);
      claiming.incrementAndGet();
      if (!claimed.compareAndSet(c, c + chunk)) {
        claiming.decrementAndGet();
        continue;
      }
      mine.assign(c, chunk);
      claiming.decrementAndGet();
      long queued = published - (c + chunk);
      if (queued > 0 && searching.get() == 0) {
        // More is queued than this worker takes: bring others in, several at once on a long
        // queue, so that a thousand workers ramp up in a few steps rather than one by one.
        bringInWorkers(Math.min(queued, 4));
      }
      return true;
    }
  }

  /** Runs the worker's chunk, and sizes its next chunk by how long the calls took. */
  private void runTimed(Chunk mine) {
    long started = System.nanoTime();
    long processed = runChunk(mine);
    long took = System.nanoTime() - started;
    if (processed > 0) {
      stats.callsTook(processed, took);
      SluiceEvents.calls(stats, processed, took);
      long perCall = Math.max(1, took / processed);
      mine.limit = (int) Math.clamp(CHUNK_NANOS / perCall, 1, MAX_CHUNK);
    }
  }

  /** Idle: steals the back half of the unstarted items of some busy worker's chunk. */
  private boolean trySteal(Chunk thief) {
    stealRequested = false;
    for (Chunk victim : chunks) {
      if (victim == thief || !victim.stealable()) {
        continue;
      }
      long split;
      long end;
      synchronized (victim) {
        end = victim.end;
        long next = victim.next;
        if (end - next < 1) {
          continue;
        }
        split = next + (end - next) / 2;
        victim.end = split;
        if (victim.next > split) {
          victim.end = end; // the owner got there first
          continue;
        }
      }
      // [split, end) now belongs to no chunk but ours-to-be; assign outside the victim's
      // monitor, so that no thread ever holds two chunk monitors.
      thief.assign(split, end - split);
      return true;
    }
    return false;
  }

  /**
   * Called before the inlet or the outlet blocks: if workers sleep while some chunk has items
   * nobody has started (its owner stuck in a slow call), wake one to steal them.
   */
  private void offerStealing() {
    if (mode == Mode.ASYNC || !work.hasWaiters()) {
      return;
    }
    for (Chunk chunk : chunks) {
      if (chunk.stealable()) {
        stealRequested = true;
        work.signal();
        return;
      }
    }
  }

  private boolean workAvailable() {
    return claimed.get() < published || inputDone || declined || stealRequested;
  }

  /** Spins briefly, counted as searching so the inlet need not wake anyone, then blocks. */
  private void awaitWork() {
    searching.incrementAndGet();
    try {
      for (int spin = 0; spin < 128; spin++) {
        if (workAvailable()) {
          return;
        }
        Thread.onSpinWait();
      }
    } finally {
      searching.decrementAndGet();
    }
    work.await(this::workAvailable);
  }

  /**
   * Hands the worker's chunk to the executor and waits. There, the task goes on claiming chunks
   * while items are queued, for up to {@link #EXECUTOR_SLICE_NANOS}, so that a busy stage pays
   * one hand-off per slice rather than two per chunk, and other stages sharing the executor
   * still get a turn. If this worker is interrupted (the run stopped), the task is cancelled,
   * and the worker still waits until it has really stopped running, so that no call of the run
   * outlives it. {@code state} decides, between the executor starting the task and the worker
   * giving up on it, which one won.
   */
  private void runOnExecutor(Chunk chunk) throws Exception {
    AtomicInteger state = new AtomicInteger(); // 0 queued, 1 running, 2 finished or abandoned
    CountDownLatch finished = new CountDownLatch(1);
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              if (!state.compareAndSet(0, 1)) {
                return null;
              }
              try {
                long deadline = System.nanoTime() + EXECUTOR_SLICE_NANOS;
                do {
                  runTimed(chunk);
                } while (!declined && !run.isStopped() && System.nanoTime() - deadline < 0
                    && claimWork(chunk));
              } finally {
                state.set(2);
                finished.countDown();
              }
              return null;
            });
    try {
      executor.execute(task);
      task.get();
    } catch (InterruptedException e) {
      task.cancel(true);
      if (!state.compareAndSet(0, 2)) {
        while (true) {
          try {
            finished.await();
            break;
          } catch (InterruptedException again) {
            // Keep waiting: the chunk was interrupted and ends soon.
          }
        }
      }
      run.checkNotStopped();
      quitIfDeclined();
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw (Error) cause;
    }
  }

  /** Calls the function on the items of this worker's chunk; returns how many it did. */
  @SuppressWarnings("unchecked")
  private long runChunk(Chunk chunk) {
    long processed = 0;
    stats.callsStarted(1);
    try {
      for (long j = chunk.take(); j >= 0; j = chunk.take()) {
        run.checkNotStopped();
        int index = (int) (j & mask);
        T item = (T) items[index];
        if (ordered) {
          items[index] = null;
        } else {
          // Released, not fenced: the inlet polls for it (awaitItemTaken), which is rare, so
          // the common path need not pay for a wake-up protocol.
          SLOTS.setRelease(items, index, null);
        }
        Object result = policy.isNone() ? callOnce(j, item) : callWithPolicy(j, item);
        publishResult(j, result);
        processed++;
      }
    } finally {
      stats.callsEnded(1);
    }
    return processed;
  }

  private Object callOnce(long position, T item) {
    R result;
    try {
      result = function.apply(item);
    } catch (Throwable e) {
      quitIfDeclined();
      if (!run.isStopped()) {
        stats.failed();
      }
      throw Failures.onItem(stats, position, item, e);
    }
    if (result == null) {
      throw Failures.nullResult(stats, position, item);
    }
    return result;
  }

  /** A call that fails because its output was declined (and interrupted) is no failure. */
  private void quitIfDeclined() {
    if (declined) {
      throw RunStopped.INSTANCE;
    }
  }

  /** Calls with retries, a timeout and dead letters as the policy says; may return SKIPPED. */
  private Object callWithPolicy(long position, T item) {
    for (int attempt = 1; ; attempt++) {
      R result;
      try {
        result = policy.timeout() == null ? function.apply(item) : callWithTimeout(position, item);
      } catch (Throwable e) {
        run.checkNotStopped();
        quitIfDeclined();
        stats.failed();
        Throwable failure = Failures.unwrap(e);
        if (policy.shouldRetry(failure, attempt)) {
          stats.retried();
          long delay = policy.retry().delayAfter(failure, attempt).toNanos();
          SluiceEvents.retry(stats, position, attempt, failure, delay);
          Pause.sleep(run, delay, () -> declined);
          continue;
        }
        if (policy.deadLetters() != null) {
          stats.skipped();
          SluiceEvents.skipped(stats, position, failure);
          policy.deliver(new DeadLetter<>(item, failure, attempt, stats.name(), position), stats);
          return SKIPPED;
        }
        throw Failures.onItem(stats, position, item, failure);
      }
      if (result == null) {
        throw Failures.nullResult(stats, position, item);
      }
      return result;
    }
  }

  /**
   * Calls the function in this thread with a watchdog that interrupts it at the deadline. A
   * call that still returns a value after the interrupt keeps its value; one that throws fails
   * with a {@link TimeoutException} naming the stage and the item.
   */
  private R callWithTimeout(long position, T item) throws Exception {
    Watchdog watchdog = new Watchdog(Thread.currentThread());
    Timers.Entry timer =
        Timers.shared()
            .schedule(run.ticker(), run.ticker().nanoTime() + policy.timeout().toNanos(), watchdog::fire);
    boolean fired;
    try {
      return function.apply(item);
    } catch (Throwable e) {
      fired = watchdog.finish();
      if (fired && !run.isStopped()) {
        throw timeout(position, item, e);
      }
      throw e;
    } finally {
      timer.cancel();
      watchdog.finish();
    }
  }

  private TimeoutException timeout(long position, T item, Throwable cause) {
    TimeoutException timeout =
        new TimeoutException(
            "stage '" + stats.name() + "' timed out after " + policy.timeout() + " on item #"
                + position + " (" + Failures.describe(item) + ")");
    if (cause != null) {
      timeout.initCause(cause);
    }
    return timeout;
  }

  /** Interrupts a call at its deadline unless the call finished first. */
  private static final class Watchdog {
    private final Thread caller;
    private boolean fired;
    private boolean finished;

    Watchdog(Thread caller) {
      this.caller = caller;
    }

    synchronized void fire() {
      if (!finished) {
        fired = true;
        caller.interrupt();
      }
    }

    /** Ends the watch; clears the interrupt it sent, so it does not leak to the next call. */
    synchronized boolean finish() {
      if (!finished) {
        finished = true;
        if (fired) {
          Thread.interrupted();
        }
      }
      return fired;
    }
  }

  private void publishResult(long position, Object result) {
    long slot = ordered ? position : reserved.getAndIncrement();
    SLOTS.setVolatile(results, (int) (slot & mask), result);
    if (awaited == slot) {
      ready.signal();
    }
  }

  // ---------------------------------------------------------------- async calls

  private void callAsync(long position, T item) {
    if (asyncInFlight.get() >= concurrency) {
      permits.await(() -> asyncInFlight.get() < concurrency || declined);
    }
    run.checkNotStopped();
    asyncInFlight.incrementAndGet();
    stats.callsStarted(1);
    new AsyncCall(position, item).attempt(1);
  }

  /**
   * One item's asynchronous call and its retries. The item holds its permit until it is done,
   * retries included; a retry is resubmitted by the shared timer, so waiting holds no thread.
   * A timeout cancels the pending stage. Completion and timeout race through {@code state}: the
   * first to move it from its attempt number decides the attempt's outcome.
   */
  private final class AsyncCall {
    private final long position;
    private final T item;
    private final AtomicInteger state = new AtomicInteger();
    /** The current attempt's future, if it can be cancelled. */
    private volatile CompletableFuture<?> pending;

    AsyncCall(long position, T item) {
      this.position = position;
      this.item = item;
    }

    void attempt(int attempt) {
      if (run.isStopped() || declined) {
        release();
        return;
      }
      state.set(attempt);
      long started = System.nanoTime();
      CompletionStage<? extends R> stage;
      try {
        stage = asyncFunction.apply(item);
        if (stage == null) {
          throw new NullPointerException("the function returned a null CompletionStage");
        }
      } catch (Throwable e) {
        if (state.compareAndSet(attempt, -attempt)) {
          failed(attempt, e);
        }
        return;
      }
      CompletableFuture<?> future = null;
      try {
        future = stage.toCompletableFuture();
        pending = future;
        pendingCalls.add(future);
        if (run.isStopped() || declined) {
          future.cancel(true); // the stop's sweep may have passed before we stored it
        }
      } catch (UnsupportedOperationException notCancellable) {
        // Such a stage cannot be cancelled; its result is ignored once the run stops.
      }
      Timers.Entry timer = null;
      if (policy.timeout() != null) {
        CompletableFuture<?> cancellable = future;
        timer =
            Timers.shared()
                .schedule(
                    run.ticker(),
                    run.ticker().nanoTime() + policy.timeout().toNanos(),
                    () -> {
                      if (state.compareAndSet(attempt, -attempt)) {
                        if (cancellable != null) {
                          cancellable.cancel(true);
                        }
                        failed(attempt, timeout(position, item, null));
                      }
                    });
      }
      Timers.Entry timerToCancel = timer;
      stage.whenComplete(
          (result, error) -> {
            if (timerToCancel != null) {
              timerToCancel.cancel();
            }
            if (!state.compareAndSet(attempt, -attempt)) {
              return; // timed out first
            }
            long took = System.nanoTime() - started;
            stats.callsTook(1, took);
            SluiceEvents.call(stats, took);
            if (error != null) {
              failed(attempt, error);
            } else if (result == null) {
              run.fail(Failures.nullResult(stats, position, item));
              release();
            } else {
              release();
              publishResult(position, result);
            }
          });
    }

    private void failed(int attempt, Throwable error) {
      Throwable failure = Failures.unwrap(error);
      if (run.isStopped() || declined) {
        release();
        return;
      }
      stats.failed();
      if (policy.shouldRetry(failure, attempt)) {
        stats.retried();
        CompletableFuture<?> previous = pending;
        if (previous != null) {
          pendingCalls.remove(previous);
        }
        long delay = policy.retry().delayAfter(failure, attempt).toNanos();
        SluiceEvents.retry(stats, position, attempt, failure, delay);
        Timers.shared().schedule(run.ticker(), run.ticker().nanoTime() + delay, () -> attempt(attempt + 1));
        return;
      }
      if (policy.deadLetters() != null) {
        stats.skipped();
        SluiceEvents.skipped(stats, position, failure);
        try {
          policy.deliver(new DeadLetter<>(item, failure, attempt, stats.name(), position), stats);
        } catch (RuntimeException e) {
          run.fail(e);
          release();
          return;
        }
        release();
        publishResult(position, SKIPPED);
        return;
      }
      // Fail first, then free the permit: the inlet must not start another call in between.
      run.fail(Failures.onItem(stats, position, item, failure));
      release();
    }

    private void release() {
      CompletableFuture<?> call = pending;
      if (call != null) {
        pendingCalls.remove(call);
      }
      asyncInFlight.decrementAndGet();
      stats.callsEnded(1);
      permits.signal();
    }
  }

  private void cancelPendingCalls() {
    for (CompletableFuture<?> call : pendingCalls) {
      call.cancel(true);
    }
  }

  // ---------------------------------------------------------------- decline

  /**
   * No more results are wanted: the inlet refuses further items, waiting threads wake up,
   * running calls are interrupted or cancelled, and the decline action cancels what feeds us.
   */
  public void decline() {
    if (declined) {
      return;
    }
    declined = true;
    room.signalAll();
    work.signalAll();
    permits.signalAll();
    ready.signalAll();
    for (Thread worker : workers) {
      worker.interrupt();
    }
    if (mode == Mode.ASYNC) {
      cancelPendingCalls();
    }
    Runnable action = declineAction;
    if (action != null) {
      action.run();
    }
  }

  public void onDecline(Runnable action) {
    this.declineAction = action;
  }

  // ---------------------------------------------------------------- outlet

  public Upstream<R> outlet() {
    return this::drain;
  }

  @SuppressWarnings("unchecked")
  private void drain(Downstream<? super R> downstream) throws Exception {
    long h = 0;
    boolean resultsComeFast = false;
    while (true) {
      int index = (int) (h & mask);
      Object result = SLOTS.getVolatile(results, index);
      if (result == null) {
        if (inputDone && h == published) {
          downstream.complete();
          return;
        }
        offerStealing();
        resultsComeFast = awaitResults(h, resultsComeFast);
        if (declined) {
          return;
        }
        continue;
      }
      SLOTS.setOpaque(results, index, null);
      h++;
      // Released, not fenced, per result: the inlet only needs to see it eventually, except
      // when it waits for room, and the fence before each signal covers that.
      CONSUMED.setRelease(this, h);
      if ((h & (refill - 1)) == 0) {
        VarHandle.fullFence();
        room.signal();
      }
      if (result == SKIPPED) {
        continue;
      }
      stats.addOut(1);
      if (!downstream.push((R) result)) {
        decline();
        return;
      }
    }
  }

  /**
   * The outlet waits for result {@code h}. Woken for every result, it would cost the producers
   * a wake-up (and the machine a few microseconds of another core) per item, which shows when
   * results come every few tens of microseconds. So while they come that fast, it waits for the
   * {@link #OUTLET_BATCH}th result instead, or for {@link #OUTLET_DELAY_NANOS} at most, and
   * takes all that is ready: a result is held back by that much at worst. Once a wait finds
   * nothing, results are slow, and it waits for {@code h} itself; a wait that ends quickly shows
   * they are fast again.
   *
   * @return whether results come fast, for the next wait
   */
  private boolean awaitResults(long h, boolean resultsComeFast) {
    int index = (int) (h & mask);
    if (resultsComeFast) {
      long target = Math.max(h, Math.min(h + OUTLET_BATCH - 1, published - 1));
      int targetIndex = (int) (target & mask);
      awaited = target;
      ready.awaitNanos(
          () -> SLOTS.getVolatile(results, targetIndex) != null
              || (inputDone && h == published)
              || declined,
          OUTLET_DELAY_NANOS);
      return SLOTS.getVolatile(results, index) != null;
    }
    awaited = h;
    long started = System.nanoTime();
    ready.await(
        () -> SLOTS.getVolatile(results, index) != null
            || (inputDone && h == published)
            || declined);
    return System.nanoTime() - started < OUTLET_DELAY_NANOS;
  }
}
