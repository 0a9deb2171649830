/**
 * Sluice: concurrent stream processing with bounded concurrency, ordering, batching and
 * back-pressure. The public API is the package {@code dev.sluice}; everything under
 * {@code dev.sluice.internal} is implementation and not exported.
 */
module dev.sluice {
  exports dev.sluice;
}
