package dev.sluice.jsonl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.Pipeline;
import dev.sluice.PipelineException;
import dev.sluice.jsonl.JobReport;
import dev.sluice.jsonl.JsonlException;
import dev.sluice.jsonl.internal.ResultJournal.Key128;
import dev.sluice.jsonl.internal.Work.Done;
import dev.sluice.jsonl.internal.Work.Failed;
import dev.sluice.jsonl.internal.Work.Outcome;
import dev.sluice.jsonl.internal.Work.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs a mapByKey job (seed 003's {@code map_by_key_jsonl_file}, with bounded memory and a
 * crash-proof resume).
 *
 * <h2>Flow</h2>
 * The reader (the pipeline's source thread) gives each input row a future of its key's result:
 * read from the journal if an earlier run or row computed it, the pending future if a call for
 * the key is running, or, for the first row of a new key, a new future and a call of the user's
 * function (at most {@code concurrency} calls at once, by a fair semaphore, so calls start in
 * input order). {@code mapAsync} waits for the futures, in input order or as they complete, and
 * the writer appends the rows. A result is journaled before its future completes, so before any
 * row that uses it is written.
 *
 * <h2>Which rows are done</h2>
 * Rows with the same key differ in their kept columns, so a row is identified by its key and
 * occurrence ({@code n}-th row with that key in input order). The writer writes each key's rows
 * in occurrence order, holding back a row whose earlier sibling is not written yet (they wait
 * for the same future, so only briefly, and never more than the rows in flight). Then the
 * output always holds the first {@code written(k)} occurrences of each key, and on a rerun the
 * reader skips exactly those.
 *
 * <p>The key table is shared by the reader, the call completions and the writer, under one
 * lock, held only for a few table operations.
 */
public final class MapByKeyEngine {
  private final JobConfig config;
  private final JobFiles files;
  private final UserFunction function;
  private final KeyCodec codec;
  private final RowShaper shaper;
  private final Counters counters = new Counters();
  private final Retrier retrier;
  private final Object lock = new Object();
  private final Map<Key128, CompletableFuture<JsonNode>> pending = new HashMap<>();
  private final Map<Key128, TreeMap<Integer, Done>> held = new HashMap<>();
  private final Semaphore permits;
  private Resume resume;
  private KeyTable table;
  private ResultJournal journal;
  private LineSink output;
  private LazySink errors;
  private RowChecks rowChecks;
  private ExecutorService calls;
  private volatile long stopLine;
  private volatile boolean sourceExhausted;

  /** A key's call failed for good; shared by all its rows, recorded once. */
  private static final class KeyFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int attempts;
    boolean recorded;

    KeyFailure(Throwable cause, int attempts) {
      super(cause.toString(), cause, false, false);
      this.attempts = attempts;
    }
  }

  private record Keyed(Task task, Key128 hash, CompletableFuture<JsonNode> result) {}

  public MapByKeyEngine(JobConfig config, JobFiles files, UserFunction function) {
    this.config = config;
    this.files = files;
    this.function = function;
    this.codec = new KeyCodec(config.key);
    this.shaper = new RowShaper(codec, config.keepColumns, config.resultField);
    this.retrier = new Retrier(config.retry, counters.calls);
    this.permits = new Semaphore(config.concurrency, true);
  }

  public JobReport run() throws IOException {
    long started = System.nanoTime();
    resume = Resume.load(config, files, codec, true, true, true);
    table = resume.table;
    config.listener.started(resume.report);
    if (Files.exists(files.rejects())) {
      Resume.truncate(files.rejects());
    }
    Engines.countInBackground(config.input, counters);
    int inFlight = Math.max(4 * config.concurrency, 256);
    try (InputRows rows = InputRows.open(config);
        ResultJournal j = new ResultJournal(files.journal(), config.durability, config.resultCache);
        LineSink out = new LineSink(files.output(), config.durability);
        LazySink err = new LazySink(files.errors(), config.durability);
        LazySink rej = new LazySink(files.rejects(), config.durability);
        ProgressReporter progress =
            new ProgressReporter(config.listener, counters, config.progressInterval)) {
      journal = j;
      output = out;
      errors = err;
      rowChecks = new RowChecks(config, codec, rej, counters);
      calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sluice-jsonl-call-", 0).factory());
      try {
        Pipeline<Keyed> keyed = Pipeline.generate(() -> next(rows));
        Pipeline<Outcome> outcomes =
            config.ordered
                ? keyed.mapAsync(inFlight, this::outcome)
                : keyed.mapAsyncUnordered(inFlight, this::outcome);
        outcomes.drain(this::write);
      } catch (PipelineException e) {
        if (!(e.getCause() instanceof StopWriting)) {
          throw Engines.rethrow(e, files.output());
        }
      } finally {
        calls.shutdownNow();
        try {
          calls.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      counters.read.add(rows.rows());
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

  // ------------------------------------------------------------------ reader

  private Keyed next(InputRows rows) throws IOException {
    long[] hash = new long[2];
    while (true) {
      ObjectNode row;
      long line;
      JsonNode key;
      try {
        row = rows.next();
        if (row == null) {
          sourceExhausted = true;
          return null;
        }
        line = rows.line();
        key = rowChecks.keyOf(row, line);
      } catch (BadRow bad) {
        if (!rowChecks.reject(bad)) {
          return null;
        }
        continue;
      }
      KeyCodec.hash(key, hash);
      Key128 k = new Key128(hash[0], hash[1]);
      CompletableFuture<JsonNode> result;
      boolean call = false;
      int occurrence;
      long journaledAt = -1;
      synchronized (lock) {
        int slot = table.insert(k.hi(), k.lo());
        occurrence = table.addSeen(slot);
        if (occurrence < table.written(slot)) {
          counters.skipped.increment();
          continue;
        }
        if (table.has(slot, KeyTable.KEPT_FAILED)) {
          counters.keptFailed.increment();
          continue;
        }
        if (table.has(slot, KeyTable.FAILED)) {
          counters.failed.increment(); // its key failed in this run; one record says so
          continue;
        }
        if (table.has(slot, KeyTable.JOURNALED)) {
          journaledAt = table.offset(slot);
          result = null;
        } else {
          result = pending.get(k);
          if (result == null) {
            result = new CompletableFuture<>();
            pending.put(k, result);
            call = true;
          }
        }
      }
      if (journaledAt >= 0) {
        result = CompletableFuture.completedFuture(journal.read(k, journaledAt));
      }
      Task task = new Task(line, row, shaper.partial(row, key), key, k.hi(), k.lo(), occurrence);
      if (call) {
        startCall(task, k, result);
      }
      return new Keyed(task, k, result);
    }
  }

  // ------------------------------------------------------------------ calls

  private void startCall(Task task, Key128 k, CompletableFuture<JsonNode> result) {
    calls.execute(() -> {
      try {
        permits.acquire();
      } catch (InterruptedException e) {
        result.cancel(false);
        return;
      }
      switch (function) {
        case UserFunction.Blocking b -> {
          try {
            finish(task, k, result, retrier.call(b.function(), task.row()));
          } catch (InterruptedException e) {
            result.cancel(false); // the run is stopping
          } finally {
            permits.release();
          }
        }
        case UserFunction.Async a ->
            retrier.callAsync(a.function(), task.row()).whenComplete((attempted, error) -> {
              permits.release();
              if (error != null) {
                result.completeExceptionally(error);
              } else {
                finish(task, k, result, attempted);
              }
            });
      }
    });
  }

  /** Journals a result (before anyone can use it) or marks the key failed. */
  private void finish(Task task, Key128 k, CompletableFuture<JsonNode> result,
      Retrier.Attempted attempted) {
    if (attempted.ok()) {
      try {
        JsonNode value = shaper.result(attempted.value());
        long offset = journal.append(task.key(), value, k);
        synchronized (lock) {
          int slot = table.find(k.hi(), k.lo());
          table.set(slot, KeyTable.JOURNALED);
          table.setOffset(slot, offset);
          pending.remove(k);
        }
        result.complete(value);
        return;
      } catch (IOException | RuntimeException e) {
        attempted = new Retrier.Attempted(null, e, attempted.attempts());
      }
    }
    synchronized (lock) {
      int slot = table.find(k.hi(), k.lo());
      table.set(slot, KeyTable.FAILED);
      pending.remove(k);
    }
    result.completeExceptionally(new KeyFailure(attempted.error(), attempted.attempts()));
  }

  private CompletionStage<Outcome> outcome(Keyed keyed) {
    Task task = keyed.task();
    return keyed.result().handle((value, error) -> {
      if (error == null) {
        return new Done(task, Json.line(shaper.complete(task.partial(), value)));
      }
      Throwable cause = error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
          ? c.getCause() : error;
      if (cause instanceof KeyFailure f) {
        return new Failed(task, f, f.attempts);
      }
      return new Failed(task, cause, 1);
    });
  }

  // ------------------------------------------------------------------ writer

  private void write(Outcome outcome) throws IOException {
    switch (outcome) {
      case Done d -> writeInOccurrenceOrder(d);
      case Failed f -> {
        counters.failed.increment();
        if (f.error() instanceof KeyFailure kf) {
          if (!kf.recorded) {
            kf.recorded = true;
            errors.write(Work.errorLine(f.task(), kf.getCause(), kf.attempts));
          }
        } else {
          errors.write(Work.errorLine(f.task(), f.error(), f.attempts()));
        }
        if (config.ordered && !config.keepFailed) {
          stopLine = f.task().line();
          throw new StopWriting();
        }
      }
    }
  }

  private void writeInOccurrenceOrder(Done d) throws IOException {
    Key128 k = new Key128(d.task().hi(), d.task().lo());
    int next;
    synchronized (lock) {
      next = table.written(table.find(k.hi(), k.lo()));
    }
    if (d.task().occurrence() != next) {
      held.computeIfAbsent(k, x -> new TreeMap<>()).put(d.task().occurrence(), d);
      return;
    }
    writeRow(d, k);
    TreeMap<Integer, Done> waiting = held.get(k);
    while (waiting != null && !waiting.isEmpty() && waiting.firstKey() == next + 1) {
      next++;
      writeRow(waiting.pollFirstEntry().getValue(), k);
    }
    if (waiting != null && waiting.isEmpty()) {
      held.remove(k);
    }
  }

  private void writeRow(Done d, Key128 k) throws IOException {
    output.write(d.line());
    synchronized (lock) {
      table.addWritten(table.find(k.hi(), k.lo()));
    }
    counters.written.increment();
  }

  private JobReport report(long started) {
    boolean complete = sourceExhausted && stopLine == 0 && counters.failed.sum() == 0
        && rowChecks.stoppedBy() == null && held.isEmpty();
    return Engines.report(resume, counters, stopLine, complete, started, resume.warnings);
  }
}
