package dev.sluice.cluster;

import dev.sluice.cluster.internal.BatchResult;
import dev.sluice.cluster.internal.BatchTask;
import dev.sluice.cluster.internal.MemberInfo;
import dev.sluice.cluster.internal.MemberRuntime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs batches in this JVM, with the same batching, bounds and error reporting as a member but
 * without serialization: items and results are passed by reference.
 */
final class LocalTransport implements Transport {
  private static final Target SELF = new Target("local", "local", null);

  private final MemberRuntime runtime;
  private volatile boolean running = true;

  LocalTransport(FunctionRegistry registry, int parallelism) {
    this.runtime = new MemberRuntime(registry, parallelism, "local");
  }

  @Override
  public List<Target> targets() {
    return running ? List.of(SELF) : List.of();
  }

  @Override
  public CompletableFuture<BatchResult> submit(BatchTask task, Target target) {
    LocalCall call = new LocalCall();
    call.thread =
        Thread.ofVirtual()
            .name("sluice-local-batch")
            .start(
                () -> {
                  try {
                    call.complete(runtime.run(task.function(), task.items()));
                  } catch (Throwable e) {
                    call.completeExceptionally(e);
                  }
                });
    return call;
  }

  @Override
  public MemberInfo info(Target target, Duration timeout) {
    return runtime.info();
  }

  @Override
  public CompletableFuture<MemberInfo> infoAsync(Target target) {
    return CompletableFuture.completedFuture(runtime.info());
  }

  @Override
  public void onTargetLost(Consumer<String> listener) {
    // This JVM is never lost while the driver runs.
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public String describe() {
    return "the local mode";
  }

  @Override
  public void close() {
    running = false;
  }

  /** A batch's future whose cancellation interrupts the batch, as a member's would. */
  private static final class LocalCall extends CompletableFuture<BatchResult> {
    volatile Thread thread;

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      Thread t = thread;
      if (cancelled && t != null) {
        t.interrupt();
      }
      return cancelled;
    }
  }
}
