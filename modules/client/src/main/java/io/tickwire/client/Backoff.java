package io.tickwire.client;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: before attempt {@code n} (from 1) the client waits a
 * uniformly random time between 0 and {@code min(capMs, baseMs * 2^(n-1))}, so that clients
 * dropped together do not come back together. Pure and thread-safe.
 */
final class Backoff {

  private final long baseMs;
  private final long capMs;
  private final DoubleSupplier random;

  Backoff(long baseMs, long capMs, DoubleSupplier random) {
    if (baseMs < 0 || capMs < baseMs) {
      throw new IllegalArgumentException("need 0 <= base <= cap, got " + baseMs + ", " + capMs);
    }
    this.baseMs = baseMs;
    this.capMs = capMs;
    this.random = random;
  }

  /** The longest wait before attempt {@code attempt}. */
  long ceilingMs(int attempt) {
    int doublings = Math.max(0, Math.min(attempt - 1, 62));
    long ceiling = baseMs << doublings;
    return ceiling < 0 || (ceiling >> doublings) != baseMs ? capMs : Math.min(capMs, ceiling);
  }

  /** A random wait before attempt {@code attempt}, in [0, ceiling]. */
  long delayMs(int attempt) {
    return Math.round(random.getAsDouble() * ceilingMs(attempt));
  }
}
