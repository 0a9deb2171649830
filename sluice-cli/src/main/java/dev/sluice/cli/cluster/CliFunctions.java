package dev.sluice.cli.cluster;

import dev.sluice.cli.http.HttpCall;
import dev.sluice.cli.http.HttpReply;
import dev.sluice.cli.http.HttpSender;
import dev.sluice.cluster.FunctionRegistry;
import dev.sluice.cluster.RemoteFunctions;
import dev.sluice.cli.worker.ProcessCall;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The functions a {@code sluice worker} runs for {@code sluice map --cluster}: {@value #HTTP}
 * sends one prepared HTTP request, {@value #PROCESS} hands one row to the member's pool of
 * worker processes. Each is one attempt; the driver makes the requests, reads the replies,
 * retries, rate-limits and writes the output. Found by members through {@code
 * META-INF/services}.
 */
public final class CliFunctions implements RemoteFunctions {
  /** Sends an {@link HttpCall}, returns its {@link HttpReply}. */
  public static final String HTTP = "sluice.http";
  /** Runs a {@link dev.sluice.cli.worker.ProcessCall}, returns the worker's answer line. */
  public static final String PROCESS = "sluice.process";

  /** Made at the first request: a member that only runs process rows needs no HTTP client. */
  private final Lazy<HttpSender> sender = new Lazy<>(() -> new HttpSender(Duration.ofSeconds(10)));
  private final Lazy<MemberWorkerPools> pools = new Lazy<>(MemberWorkerPools::new);

  /** For the service loader. */
  public CliFunctions() {}

  @Override
  public void register(FunctionRegistry registry) {
    registry.register(HTTP, (HttpCall call) -> sender.get().send(call));
    registry.register(PROCESS, (ProcessCall call) -> pools.get().answer(call));
  }

  /** A value made once, by the first thread that asks for it. */
  private static final class Lazy<T> {
    private final Supplier<T> maker;
    private volatile T value;

    Lazy(Supplier<T> maker) {
      this.maker = maker;
    }

    T get() {
      T v = value;
      if (v == null) {
        synchronized (this) {
          v = value;
          if (v == null) {
            value = v = maker.get();
          }
        }
      }
      return v;
    }
  }
}
