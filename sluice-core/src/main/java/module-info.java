/**
 * Sluice: concurrent stream processing with bounded concurrency, ordering, batching and
 * back-pressure. The public API is the package {@code dev.sluice}; everything under
 * {@code dev.sluice.internal} is implementation and not exported.
 */
module dev.sluice {
  requires jdk.jfr; // Flight Recorder events (dev.sluice.internal.jfr)

  exports dev.sluice;
}
