package dev.sluice.cli.cluster;

import dev.sluice.cli.http.HttpCall;
import dev.sluice.cli.http.HttpReply;
import dev.sluice.cli.http.HttpSender;
import dev.sluice.cluster.FunctionRegistry;
import dev.sluice.cluster.RemoteFunctions;
import java.time.Duration;

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

  private volatile HttpSender sender;
  private volatile MemberWorkerPools pools;

  /** For the service loader. */
  public CliFunctions() {}

  @Override
  public void register(FunctionRegistry registry) {
    registry.register(HTTP, (HttpCall call) -> sender().send(call));
    registry.register(PROCESS, (dev.sluice.cli.worker.ProcessCall call) -> pools().answer(call));
  }

  /** Made at the first request: a member that only runs process rows needs no HTTP client. */
  private HttpSender sender() {
    HttpSender s = sender;
    if (s == null) {
      synchronized (this) {
        s = sender;
        if (s == null) {
          sender = s = new HttpSender(Duration.ofSeconds(10));
        }
      }
    }
    return s;
  }

  private MemberWorkerPools pools() {
    MemberWorkerPools p = pools;
    if (p == null) {
      synchronized (this) {
        p = pools;
        if (p == null) {
          pools = p = new MemberWorkerPools();
        }
      }
    }
    return p;
  }
}
