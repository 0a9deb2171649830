package dev.sluice.cluster;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The functions the tests' workers run; found by ServiceLoader or named with --functions. */
public final class TestFunctions implements RemoteFunctions {
  private static final Set<Long> SEEN = ConcurrentHashMap.newKeySet();

  @Override
  public void register(FunctionRegistry registry) {
    registry.register("double", (Long x) -> x * 2);
    registry.register(
        "slow-double",
        (Long x) -> {
          Thread.sleep(1);
          return x * 2;
        });
    registry.register(
        "fail-on-13",
        (Long x) -> {
          if (x % 1000 == 13) {
            throw new IllegalStateException("bad item " + x);
          }
          return x * 2;
        });
    // Fails the first time this JVM sees a multiple of 100, then succeeds.
    registry.register(
        "flaky",
        (Long x) -> {
          if (x % 100 == 0 && SEEN.add(x)) {
            throw new IOException("flaky failure on " + x);
          }
          return x * 2;
        });
    registry.register(
        "unserializable-failure",
        (Long x) -> {
          throw new NotSerializableFailure("cannot travel " + x);
        });
    registry.register("pid", (Long x) -> ProcessHandle.current().pid());
    // Sleeps far longer than any test waits: only a stage timeout ends it.
    registry.register(
        "sleep-minute",
        (Long x) -> {
          Thread.sleep(60_000);
          return x;
        });
  }

  /** An exception whose field cannot be serialized, so it travels as text. */
  static final class NotSerializableFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("unused")
    private final Object notSerializable = new Object();

    NotSerializableFailure(String message) {
      super(message);
    }
  }
}
