package dev.sluice.bench;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The sources of the workloads. Every framework reads the same {@link Iterable}, so every one
 * pays the same cost to produce and box an item; none gets a specialised range source that the
 * others lack.
 */
public final class Items {
  private Items() {}

  /** The longs {@code 0, 1, ..., n - 1}, boxed as they are read. */
  public static Iterable<Long> longs(long n) {
    return () ->
        new Iterator<>() {
          private long next;

          @Override
          public boolean hasNext() {
            return next < n;
          }

          @Override
          public Long next() {
            if (next >= n) {
              throw new NoSuchElementException();
            }
            return next++;
          }
        };
  }

  /** {@code n} payloads of {@code bytes} bytes each, allocated as they are read. */
  public static Iterable<Payload> payloads(long n, int bytes) {
    return () ->
        new Iterator<>() {
          private long next;

          @Override
          public boolean hasNext() {
            return next < n;
          }

          @Override
          public Payload next() {
            if (next >= n) {
              throw new NoSuchElementException();
            }
            return new Payload(next++, new byte[bytes]);
          }
        };
  }

  /** An item of the memory workload: its position and a block of bytes. */
  public record Payload(long index, byte[] data) {}
}
