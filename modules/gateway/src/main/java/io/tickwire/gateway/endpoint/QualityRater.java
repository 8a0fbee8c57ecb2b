package io.tickwire.gateway.endpoint;

import io.tickwire.gateway.config.HeartbeatConfig;

/** Rates a connection by its last ping round trip. Pure; thread-safe. */
final class QualityRater {

  /** A connection's quality. */
  enum Quality { GOOD, FAIR, POOR, UNKNOWN }

  private final long goodNanos;
  private final long fairNanos;

  QualityRater(HeartbeatConfig config) {
    this.goodNanos = config.goodRttMs() * 1_000_000;
    this.fairNanos = config.fairRttMs() * 1_000_000;
  }

  Quality rate(long rttNanos) {
    if (rttNanos < 0) {
      return Quality.UNKNOWN;
    }
    if (rttNanos <= goodNanos) {
      return Quality.GOOD;
    }
    return rttNanos <= fairNanos ? Quality.FAIR : Quality.POOR;
  }
}
