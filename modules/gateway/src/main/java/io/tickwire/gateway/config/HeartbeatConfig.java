package io.tickwire.gateway.config;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;

/**
 * The {@code heartbeat} section.
 *
 * @param intervalMs time between WebSocket pings ({@value #DEFAULT_INTERVAL_MS})
 * @param missedPongs unanswered pings in a row that close the connection with 4000
 *     ({@value #DEFAULT_MISSED_PONGS})
 * @param goodRttMs round trips up to this are rated good ({@value #DEFAULT_GOOD_RTT_MS})
 * @param fairRttMs up to this fair, above it poor ({@value #DEFAULT_FAIR_RTT_MS})
 */
public record HeartbeatConfig(long intervalMs, int missedPongs, long goodRttMs, long fairRttMs) {

  public static final long DEFAULT_INTERVAL_MS = 15_000;
  public static final int DEFAULT_MISSED_PONGS = 2;
  public static final long DEFAULT_GOOD_RTT_MS = 100;
  public static final long DEFAULT_FAIR_RTT_MS = 500;

  public HeartbeatConfig {
    if (fairRttMs < goodRttMs) {
      throw new ConfigException("heartbeat.fairRttMs", "must not be below heartbeat.goodRttMs");
    }
  }

  public static HeartbeatConfig from(Section section) {
    HeartbeatConfig config = new HeartbeatConfig(
        section.longValue("intervalMs", DEFAULT_INTERVAL_MS, 10, 3_600_000),
        section.intValue("missedPongs", DEFAULT_MISSED_PONGS, 1, 100),
        section.longValue("goodRttMs", DEFAULT_GOOD_RTT_MS, 0, 600_000),
        section.longValue("fairRttMs", DEFAULT_FAIR_RTT_MS, 0, 600_000));
    section.done();
    return config;
  }
}
