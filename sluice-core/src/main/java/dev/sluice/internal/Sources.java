package dev.sluice.internal;

import dev.sluice.Generator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/** The sources a pipeline can start from. */
public final class Sources {
  private Sources() {}

  /** Base: pushes items one by one, checking for a stop between items, and counts them. */
  private abstract static class PushingSource<T> implements Source<T> {
    final RunContext run;
    final StageStats stats;
    private final AtomicBoolean closed = new AtomicBoolean();

    PushingSource(RunContext run, StageStats stats) {
      this.run = run;
      this.stats = stats;
    }

    /** The next item, or null at the end. */
    abstract T next() throws Exception;

    /** Releases what the source holds; called once. */
    void release() throws Exception {}

    @Override
    public final void drive(Downstream<? super T> downstream) throws Exception {
      try {
        while (true) {
          run.checkNotStopped();
          T item;
          try {
            item = next();
          } catch (Exception e) {
            throw Failures.onItem(stats, stats.out(), "the source", e);
          }
          if (item == null) {
            break;
          }
          stats.addOut(1);
          if (!downstream.push(item)) {
            return;
          }
        }
      } finally {
        close();
      }
      downstream.complete();
    }

    @Override
    public final void close() throws Exception {
      if (closed.compareAndSet(false, true)) {
        release();
      }
    }
  }

  /** Items of an iterator opened per run; {@code onClose} runs when the source closes. */
  public static <T> Source.Factory<T> iterator(
      Callable<? extends Iterator<? extends T>> opener, AutoCloseable onClose) {
    return (run, stats) -> {
      Iterator<? extends T> iterator = opener.call();
      return new PushingSource<T>(run, stats) {
        @Override
        T next() {
          if (!iterator.hasNext()) {
            return null;
          }
          T item = iterator.next();
          if (item == null) {
            throw new NullPointerException("the source produced null; Sluice streams carry no nulls");
          }
          return item;
        }

        @Override
        void release() throws Exception {
          if (onClose != null) {
            onClose.close();
          }
        }
      };
    };
  }

  /** Items from a generator; one that is also {@link AutoCloseable} is closed at the end. */
  public static <T> Source.Factory<T> generator(Generator<? extends T> generator) {
    return (run, stats) ->
        new PushingSource<T>(run, stats) {
          @Override
          T next() throws Exception {
            return generator.next();
          }

          @Override
          void release() throws Exception {
            if (generator instanceof AutoCloseable closeable) {
              closeable.close();
            }
          }
        };
  }

  /** Items taken from a queue until {@code endMarker} (compared with equals) is taken. */
  public static <T> Source.Factory<T> queue(BlockingQueue<? extends T> queue, T endMarker) {
    return (run, stats) ->
        new PushingSource<T>(run, stats) {
          @Override
          T next() throws InterruptedException {
            T item = queue.take();
            return endMarker.equals(item) ? null : item;
          }
        };
  }

  /** The lines of a UTF-8 file, read lazily; a decoding error names the file and line. */
  public static Source.Factory<String> lines(Path file) {
    return (run, stats) -> {
      Utf8LineReader reader = new Utf8LineReader(file);
      return new PushingSource<String>(run, stats) {
        @Override
        String next() throws IOException {
          return reader.readLine();
        }

        @Override
        void release() throws IOException {
          reader.close();
        }
      };
    };
  }
}
