/**
 * Shared test fixtures for sluice-core: {@link dev.sluice.testing.TrackingThreadFactory}
 * (records every thread a run makes), {@link dev.sluice.testing.ManualTicker} (time that moves
 * only when a test moves it), {@link dev.sluice.testing.Await} (bounded waits: conditions,
 * latches, settled counters, blocked threads, quiescent runs), {@link
 * dev.sluice.testing.ConcurrencyMeter} (calls at once) and {@link
 * dev.sluice.testing.PlatformThreads} (platform-thread leaks through ThreadMXBean).
 */
package dev.sluice.testing;
