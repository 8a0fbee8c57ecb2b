package io.tickwire.prices;

import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential from {@code initialMs}, doubling per failed attempt up to
 * {@code maxMs}, with "equal jitter" (half the delay fixed, half random) so that many clients
 * that lost the same venue do not come back in step. A plain class; not thread-safe.
 */
final class Backoff {

  private final long initialMs;
  private final long maxMs;
  private final DoubleSupplier random;
  private int attempts;

  /**
   * @param random uniform in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble}
   */
  Backoff(long initialMs, long maxMs, DoubleSupplier random) {
    if (initialMs < 1 || maxMs < initialMs) {
      throw new IllegalArgumentException("need 1 <= initialMs <= maxMs");
    }
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.random = random;
  }

  /** The delay before the next attempt; each call counts one more failed attempt. */
  long next() {
    long ceiling = initialMs << Math.min(attempts, 30);
    long base = ceiling <= 0 || ceiling > maxMs ? maxMs : ceiling;
    attempts++;
    long half = base / 2;
    return Math.max(1, half + (long) (random.getAsDouble() * (base - half)));
  }

  /** After a connection that worked: start again from {@code initialMs}. */
  void reset() {
    attempts = 0;
  }

  int attempts() {
    return attempts;
  }
}
