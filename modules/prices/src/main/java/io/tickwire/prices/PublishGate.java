package io.tickwire.prices;

/**
 * When a symbol's value is worth publishing, Chainlink style: when the price moved by at least
 * {@code deviationPct} percent since the last publication, or {@code heartbeatMs} passed since
 * it; and never more often than {@code maxRatePerSec}. The first value is always due. A plain
 * class; not thread-safe.
 */
final class PublishGate {

  private final double deviationPct;
  private final long heartbeatMs;
  private final long minIntervalMs;
  private double lastPrice = Double.NaN;
  private long lastAt = Long.MIN_VALUE;

  PublishGate(double deviationPct, long heartbeatMs, double maxRatePerSec) {
    if (deviationPct < 0 || heartbeatMs <= 0 || !(maxRatePerSec > 0)) {
      throw new IllegalArgumentException("deviationPct >= 0, heartbeatMs > 0, maxRatePerSec > 0");
    }
    this.deviationPct = deviationPct;
    this.heartbeatMs = heartbeatMs;
    this.minIntervalMs = minIntervalMs(maxRatePerSec);
  }

  /** The shortest time between two publications of one symbol. */
  static long minIntervalMs(double maxRatePerSec) {
    return (long) Math.ceil(1000 / maxRatePerSec);
  }

  long minIntervalMs() {
    return minIntervalMs;
  }

  /** Whether {@code price} at {@code now} should be published. */
  boolean due(double price, long now) {
    if (lastAt == Long.MIN_VALUE) {
      return true;
    }
    if (now - lastAt < minIntervalMs) {
      return false;
    }
    // The tolerance keeps a move of exactly deviationPct from being lost to binary rounding.
    return now - lastAt >= heartbeatMs || movedPct(price) >= deviationPct - 1e-9;
  }

  /** Records a publication. */
  void published(double price, long now) {
    lastPrice = price;
    lastAt = now;
  }

  private double movedPct(double price) {
    return Math.abs(price - lastPrice) / lastPrice * 100;
  }
}
