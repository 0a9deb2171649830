package dev.sluice.internal;

import dev.sluice.Progress;
import dev.sluice.ProgressListener;
import dev.sluice.StageMetrics;
import dev.sluice.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Calls a {@link ProgressListener} periodically during one run, from a thread of the run, and
 * once more at the end.
 *
 * <p>The thread is spawned by the assembler's hook before the run can end, so the run owns it.
 * It waits on a {@link Gate} with a deadline on the run's ticker, and ends when the terminal has
 * completed ({@link #terminalCompleted}, called by the terminal's wrapper) or when the run stops
 * (the gate then throws {@link RunStopped}). Either way it ends promptly, so it never keeps a
 * finished run alive. The last snapshot is taken by the run's closing step ({@link
 * RunContext#closeAtEnd}), after every thread has returned: the listener is never called by two
 * threads at once.
 */
public final class ProgressTicker {
  private final ProgressListener listener;
  private final long total;
  private volatile boolean terminalDone;
  private volatile Gate gate;

  public ProgressTicker(ProgressListener listener, long total) {
    this.listener = listener;
    this.total = total;
  }

  /** Wraps the run's terminal so that its completion ends the ticking. */
  public <R> Terminal<R> wrap(Terminal<R> terminal) {
    return new Terminal<>() {
      @Override
      public boolean push(Object item) throws Exception {
        return terminal.push(item);
      }

      @Override
      public void complete() {
        terminal.complete();
        terminalCompleted();
      }

      @Override
      public R result() {
        return terminal.result();
      }
    };
  }

  private void terminalCompleted() {
    terminalDone = true;
    Gate g = gate;
    if (g != null) {
      g.signal();
    }
  }

  /** Spawns the ticking thread; called by the assembler before the run can end. */
  public void start(RunHandle<?> handle) {
    RunContext run = handle.context();
    Gate g = new Gate(run);
    gate = g;
    Ticker ticker = run.ticker();
    long interval = Math.max(1, listener.interval().toNanos());
    long startedAt = ticker.nanoTime();
    run.spawn(
        "progress",
        () -> {
          long next = startedAt + interval;
          try {
            while (true) {
              boolean ended = g.awaitUntil(() -> terminalDone, next);
              if (ended) {
                break;
              }
              listener.onProgress(snapshot(handle, ticker.nanoTime() - startedAt, false));
              long now = ticker.nanoTime();
              next = Math.max(next + interval, now + 1);
            }
          } catch (RunStopped stopped) {
            // the run failed or was cancelled
          }
        });
    // The last snapshot comes when every thread of the run has returned (this one too), so
    // its counts are final, and it comes even if the run stopped before this thread started.
    run.closeAtEnd(
        () -> listener.onProgress(snapshot(handle, ticker.nanoTime() - startedAt, true)));
  }

  private Progress snapshot(RunHandle<?> handle, long elapsedNanos, boolean done) {
    List<StageMetrics> stages = handle.metrics();
    long count = stages.getFirst().out();
    double seconds = elapsedNanos / 1e9;
    double rate = seconds > 0 ? count / seconds : 0;
    OptionalLong knownTotal = total >= 0 ? OptionalLong.of(total) : OptionalLong.empty();
    Optional<Duration> eta = Optional.empty();
    if (total >= 0 && rate > 0) {
      long left = Math.max(0, total - count);
      eta = Optional.of(Duration.ofNanos((long) (left / rate * 1e9)));
    }
    return new Progress(
        Duration.ofNanos(Math.max(0, elapsedNanos)), count, knownTotal, rate, eta, stages, done);
  }
}
