package io.tickwire.prices;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;

/**
 * The {@code prices.trades} section: how the owner of a symbol batches the venues' trades into
 * {@code trades.<SYMBOL>} messages, and how much it keeps to drop repeats and to ride out a flood.
 *
 * @param maxRatePerSec at most this many messages per second per symbol
 *     ({@value #DEFAULT_MAX_RATE_PER_SEC})
 * @param maxPerMessage at most this many trades in one message ({@value #DEFAULT_MAX_PER_MESSAGE});
 *     more wait for the next message
 * @param dedupIds the trade ids remembered per venue and symbol to drop a trade seen before, e.g.
 *     sent again after a reconnect ({@value #DEFAULT_DEDUP_IDS}); the oldest is forgotten first
 * @param maxBacklog the trades per symbol waiting for a message ({@value #DEFAULT_MAX_BACKLOG});
 *     when a flood outruns the rate, the oldest waiting trades are dropped and counted
 */
public record TradesConfig(double maxRatePerSec, int maxPerMessage, int dedupIds,
    int maxBacklog) {

  public static final double DEFAULT_MAX_RATE_PER_SEC = 10;
  public static final int DEFAULT_MAX_PER_MESSAGE = 100;
  public static final int DEFAULT_DEDUP_IDS = 1_000;
  public static final int DEFAULT_MAX_BACKLOG = 5_000;

  public TradesConfig {
    if (!(maxRatePerSec > 0) || maxPerMessage < 1 || dedupIds < 1 || maxBacklog < maxPerMessage) {
      throw new IllegalArgumentException("maxRatePerSec > 0, maxPerMessage >= 1, dedupIds >= 1, "
          + "maxBacklog >= maxPerMessage");
    }
  }

  /** Every default. */
  public static TradesConfig defaults() {
    return new TradesConfig(DEFAULT_MAX_RATE_PER_SEC, DEFAULT_MAX_PER_MESSAGE, DEFAULT_DEDUP_IDS,
        DEFAULT_MAX_BACKLOG);
  }

  /**
   * Reads and validates the section.
   *
   * @throws ConfigException naming the first bad key
   */
  public static TradesConfig from(Section section) {
    double maxRatePerSec = section.doubleValue("maxRatePerSec", DEFAULT_MAX_RATE_PER_SEC, 0.1,
        100);
    int maxPerMessage = section.intValue("maxPerMessage", DEFAULT_MAX_PER_MESSAGE, 1, 1_000);
    int dedupIds = section.intValue("dedupIds", DEFAULT_DEDUP_IDS, 1, 100_000);
    int maxBacklog = section.intValue("maxBacklog", DEFAULT_MAX_BACKLOG, 1, 1_000_000);
    if (maxBacklog < maxPerMessage) {
      throw new ConfigException(section.key("maxBacklog"), "must be at least maxPerMessage ("
          + maxPerMessage + ")");
    }
    section.done();
    return new TradesConfig(maxRatePerSec, maxPerMessage, dedupIds, maxBacklog);
  }
}
