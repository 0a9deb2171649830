package dev.sluice.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Apache Pekko Streams (the open-source continuation of Akka Streams), through its Java DSL:
 * {@code mapAsync} / {@code mapAsyncUnordered} over {@code CompletableFuture.supplyAsync}, and
 * {@code grouped} / {@code mapConcat} for batches.
 *
 * <p>Fair because: the blocking calls run on a virtual-thread-per-task executor, where Sluice
 * runs them (Pekko's documentation says to keep blocking calls off its dispatcher); CPU work
 * runs on a fixed pool of the requested size; one actor system and materializer serve every
 * run, created before any measurement; the stream itself runs on Pekko's default dispatcher
 * with its default settings, as users get it.
 */
final class PekkoContender implements Contender {
  private final Pools pools = new Pools("pekko");
  private final ActorSystem system;
  private final Materializer materializer;

  PekkoContender() {
    Config quiet =
        ConfigFactory.parseString(
            """
            pekko.loglevel = WARNING
            pekko.stdout-loglevel = WARNING
            pekko.log-dead-letters = off
            pekko.log-dead-letters-during-shutdown = off
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            """);
    system = ActorSystem.create("sluice-bench", quiet.withFallback(ConfigFactory.load()));
    materializer = Materializer.matFromSystem(system);
  }

  @Override
  public String name() {
    return "pekko";
  }

  @Override
  public <T, R> void mapOrdered(
      Iterable<T> items, int concurrency, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    Executor on = pools.virtualThreads();
    Source.from(items)
        .<R>mapAsync(concurrency, x -> call(function, x, on))
        .runWith(Sink.foreach(sink::accept), materializer)
        .toCompletableFuture()
        .join();
  }

  @Override
  public <T, R> void mapUnordered(
      Iterable<T> items, int concurrency, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    Executor on = pools.virtualThreads();
    Source.from(items)
        .<R>mapAsyncUnordered(concurrency, x -> call(function, x, on))
        .runWith(Sink.foreach(sink::accept), materializer)
        .toCompletableFuture()
        .join();
  }

  @Override
  public <T> void pipeline(
      Iterable<T> items,
      int batchSize,
      int concurrency,
      Function<List<T>, List<T>> perBatch,
      Function<T, T> perItem,
      Consumer<? super T> sink) {
    Executor on = pools.virtualThreads();
    Source.from(items)
        .grouped(batchSize)
        .mapAsync(concurrency, batch -> call(perBatch, batch, on))
        .mapConcat(batch -> batch)
        .mapAsyncUnordered(concurrency, x -> call(perItem, x, on))
        .runWith(Sink.foreach(sink::accept), materializer)
        .toCompletableFuture()
        .join();
  }

  @Override
  public <T, R> void mapCpu(
      Iterable<T> items, int threads, Function<? super T, ? extends R> function, Consumer<? super R> sink) {
    Executor on = pools.fixed(threads);
    Source.from(items)
        .<R>mapAsync(threads, x -> call(function, x, on))
        .runWith(Sink.foreach(sink::accept), materializer)
        .toCompletableFuture()
        .join();
  }

  private static <T, R> CompletionStage<R> call(
      Function<? super T, ? extends R> function, T item, Executor on) {
    return CompletableFuture.supplyAsync(() -> function.apply(item), on);
  }

  @Override
  public void close() {
    try {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the Pekko actor system did not shut down", e);
    } finally {
      pools.close();
    }
  }
}
