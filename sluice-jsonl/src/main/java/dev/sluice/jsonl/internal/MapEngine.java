package dev.sluice.jsonl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.CloseableIterator;
import dev.sluice.Pipeline;
import dev.sluice.PipelineException;
import dev.sluice.jsonl.JobReport;
import dev.sluice.jsonl.JsonlException;
import dev.sluice.jsonl.Key;
import dev.sluice.jsonl.internal.Work.Done;
import dev.sluice.jsonl.internal.Work.Failed;
import dev.sluice.jsonl.internal.Work.Outcome;
import dev.sluice.jsonl.internal.Work.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs a map job (one call per row) or a createOrResume job (one call per missing copy of a
 * key) on a Sluice pipeline:
 *
 * <pre>
 *   generate(reader)  --  skips finished rows, rejects bad ones, on one thread
 *   mapConcurrent / mapUnordered / mapAsync[Unordered](concurrency, call with retries)
 *   drain(writer)     --  one thread appends whole lines; failures go to the errors file
 * </pre>
 *
 * Ordered mode relies on the core's ordered stages: results reach the writer in input order,
 * so at every moment, crash or not, the output is the input's finished rows in input order;
 * that is why a row that fails for good stops an ordered run (see {@link StopWriting}). Memory
 * is the key table plus the stage's window of rows in flight.
 */
public final class MapEngine {
  private final JobConfig config;
  private final JobFiles files;
  private final UserFunction function;
  private final KeyCodec codec;
  private final RowShaper shaper;
  private final Counters counters = new Counters();
  private final Retrier retrier;
  private final boolean create;
  private Resume resume;
  private LineSink output;
  private LazySink errors;
  private RowChecks rowChecks;
  private volatile long stopLine;
  private volatile boolean sourceExhausted;

  public MapEngine(JobConfig config, JobFiles files, UserFunction function) {
    this.config = config;
    this.files = files;
    this.function = function;
    this.create = config.kind == JobConfig.Kind.CREATE;
    this.codec = new KeyCodec(config.key);
    this.shaper = new RowShaper(codec, config.keepColumns, config.resultField);
    this.retrier = new Retrier(config.retry, counters.calls);
  }

  public JobReport run() throws IOException {
    long started = System.nanoTime();
    resume = Resume.load(config, files, codec, create, false, false);
    config.listener.started(resume.report);
    if (Files.exists(files.rejects())) {
      Resume.truncate(files.rejects()); // every run reads the whole input and rejects anew
    }
    countTotalInBackground();
    Reader reader = create ? new CreateReader() : new RowReader(InputRows.open(config));
    try (reader;
        LineSink out = new LineSink(files.output(), config.durability);
        LazySink err = new LazySink(files.errors(), config.durability);
        LazySink rej = new LazySink(files.rejects(), config.durability);
        ProgressReporter progress =
            new ProgressReporter(config.listener, counters, config.progressInterval)) {
      output = out;
      errors = err;
      rowChecks = new RowChecks(config, codec, rej, counters);
      try {
        outcomes(Pipeline.generate(reader::next)).drain(this::write);
      } catch (PipelineException e) {
        if (!(e.getCause() instanceof StopWriting)) {
          throw Engines.rethrow(e, files.output());
        }
      }
      if (!create) {
        counters.read.add(reader.rowsRead());
      }
      if (sourceExhausted) {
        counters.total.set(counters.read.sum()); // exact now, whatever the background count says
      }
      progress.report();
    }
    if (rowChecks.stoppedBy() != null) {
      throw rowChecks.stoppedBy().toException();
    }
    JobReport report = report(started);
    config.listener.finished(report);
    return report;
  }

  private Pipeline<Outcome> outcomes(Pipeline<Task> tasks) {
    int n = config.concurrency;
    return switch (function) {
      case UserFunction.Blocking b ->
          config.ordered
              ? tasks.mapConcurrent(n, t -> outcome(t, retrier.call(b.function(), t.row())))
              : tasks.mapUnordered(n, t -> outcome(t, retrier.call(b.function(), t.row())));
      case UserFunction.Async a ->
          config.ordered
              ? tasks.mapAsync(n, t -> callAsync(a, t))
              : tasks.mapAsyncUnordered(n, t -> callAsync(a, t));
    };
  }

  private CompletionStage<Outcome> callAsync(UserFunction.Async a, Task t) {
    CompletableFuture<Retrier.Attempted> call = retrier.callAsync(a.function(), t.row());
    return call.thenApply(attempted -> outcome(t, attempted));
  }

  private Outcome outcome(Task task, Retrier.Attempted attempted) {
    if (!attempted.ok()) {
      return new Failed(task, attempted.error(), attempted.attempts());
    }
    try {
      JsonNode result = shaper.result(attempted.value());
      return new Done(task, Json.line(shaper.complete(task.partial(), result)));
    } catch (RuntimeException e) {
      return new Failed(task, e, attempted.attempts());
    }
  }

  /** The writer: one thread, so lines never interleave. */
  private void write(Outcome outcome) throws IOException {
    switch (outcome) {
      case Done d -> {
        output.write(d.line());
        counters.written.increment();
      }
      case Failed f -> {
        errors.write(Work.errorLine(f.task(), f.error(), f.attempts()));
        counters.failed.increment();
        if (config.ordered && !config.keepFailed) {
          stopLine = f.task().line();
          throw new StopWriting();
        }
      }
    }
  }

  private void countTotalInBackground() {
    if (create) {
      if (config.keys instanceof Collection<?> keys) {
        counters.total.set((long) keys.size() * config.copies);
      }
      return;
    }
    Engines.countInBackground(config.input, counters);
  }

  private JobReport report(long started) {
    List<String> warnings = new ArrayList<>(resume.warnings);
    if (create && sourceExhausted) {
      long[] unlisted = new long[1];
      long[] over = new long[1];
      KeyTable table = resume.table;
      table.forEachSlot(slot -> {
        if (table.has(slot, KeyTable.DONE) && !table.has(slot, KeyTable.SEEN)) {
          unlisted[0]++;
        }
        if (table.written(slot) > config.copies) {
          over[0]++;
        }
      });
      if (unlisted[0] > 0) {
        warnings.add("the output has rows for " + unlisted[0] + " keys the key source does not"
            + " list; they are kept");
      }
      if (over[0] > 0) {
        warnings.add("the output has more than " + config.copies + " rows for " + over[0]
            + " keys; they are kept");
      }
    }
    boolean complete = sourceExhausted && stopLine == 0 && counters.failed.sum() == 0
        && rowChecks.stoppedBy() == null;
    return Engines.report(resume, counters, stopLine, complete, started, warnings);
  }

  // ------------------------------------------------------------------ readers

  private abstract static class Reader implements AutoCloseable {
    /** The next task, or null at the end (or at a bad row under {@link dev.sluice.jsonl.BadRows#FAIL}). */
    abstract Task next() throws Exception;

    /** Input rows read so far; for createOrResume, rows wanted (keys times copies). */
    abstract long rowsRead();

    @Override
    public void close() throws IOException {}
  }

  /** Reads the input rows of a map job; runs on the pipeline's source thread. */
  private final class RowReader extends Reader {
    private final InputRows rows;
    private final long[] hash = new long[2];

    RowReader(InputRows rows) {
      this.rows = rows;
    }

    @Override
    Task next() throws IOException {
      KeyTable table = resume.table;
      while (true) {
        ObjectNode row;
        try {
          row = rows.next();
          if (row == null) {
            sourceExhausted = true;
            return null;
          }
          long line = rows.line();
          JsonNode key = rowChecks.keyOf(row, line);
          KeyCodec.hash(key, hash);
          int slot = table.insert(hash[0], hash[1]);
          if (table.has(slot, KeyTable.SEEN)) {
            throw new BadRow(config.input, line, 0, "duplicate key " + key + ": an earlier row"
                + " has it too, and a map job calls the function once per key (use mapByKey to"
                + " share one result between rows with the same key)", row.toString(), null);
          }
          table.set(slot, KeyTable.SEEN);
          if (table.has(slot, KeyTable.DONE)) {
            counters.skipped.increment();
            continue;
          }
          if (table.has(slot, KeyTable.KEPT_FAILED)) {
            counters.keptFailed.increment();
            continue;
          }
          return new Task(line, row, shaper.partial(row, key), key, hash[0], hash[1], 0);
        } catch (BadRow bad) {
          if (!rowChecks.reject(bad)) {
            return null;
          }
        }
      }
    }

    @Override
    long rowsRead() {
      return rows.rows();
    }

    @Override
    public void close() throws IOException {
      rows.close();
    }
  }

  /** Produces a createOrResume job's rows: for each key, the copies the output still lacks. */
  private final class CreateReader extends Reader {
    private final long[] hash = new long[2];
    private Iterator<?> keys;
    private CloseableIterator<?> closeable;
    private long position;
    private int pending;
    private Task template;

    @Override
    Task next() {
      if (keys == null) {
        if (config.keys != null) {
          keys = config.keys.iterator();
        } else {
          closeable = config.keysPipeline.iterator();
          keys = closeable;
        }
      }
      KeyTable table = resume.table;
      while (pending == 0) {
        if (!keys.hasNext()) {
          sourceExhausted = true;
          return null;
        }
        Object item = keys.next();
        position++;
        JsonNode key = item == null ? null : Json.tree(item);
        if (key == null || key.isNull()) {
          throw new IllegalArgumentException("key " + position + " of the key source is null");
        }
        KeyCodec.hash(key, hash);
        int slot = table.insert(hash[0], hash[1]);
        if (table.has(slot, KeyTable.SEEN)) {
          continue; // documented: a key listed twice still gets `copies` rows
        }
        table.set(slot, KeyTable.SEEN);
        int done = Math.min(table.written(slot), config.copies);
        counters.read.add(config.copies);
        counters.skipped.add(done);
        if (table.has(slot, KeyTable.KEPT_FAILED)) {
          counters.keptFailed.add(config.copies - done);
          continue;
        }
        pending = config.copies - done;
        ObjectNode row = Json.object();
        row.set(codec.column(), key);
        template = new Task(position, row, row, key, hash[0], hash[1], 0);
      }
      pending--;
      Task t = template;
      return new Task(t.line(), t.row().deepCopy(), t.partial(), t.key(), t.hi(), t.lo(), 0);
    }

    @Override
    long rowsRead() {
      return counters.read.sum();
    }

    @Override
    public void close() {
      if (closeable != null) {
        closeable.close();
      }
    }
  }
}
