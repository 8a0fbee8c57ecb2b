package io.tickwire.prices;

import io.tickwire.runtime.Section;

/**
 * The {@code prices.book} section: how the consolidated order book of a symbol is kept and
 * published on {@code book.<SYMBOL>}.
 *
 * @param depth the levels per side a published book holds ({@value #DEFAULT_DEPTH}, 1 to
 *     {@value #MAX_DEPTH})
 * @param maxRatePerSec the most books per second published per symbol
 *     ({@value #DEFAULT_MAX_RATE_PER_SEC})
 * @param maxVenueLevels the most levels per side kept of one venue's book of one symbol
 *     ({@value #DEFAULT_MAX_VENUE_LEVELS}); further levels, the worst first, are discarded
 */
public record BookConfig(int depth, double maxRatePerSec, int maxVenueLevels) {

  public static final int DEFAULT_DEPTH = 20;
  public static final int MAX_DEPTH = 100;
  public static final double DEFAULT_MAX_RATE_PER_SEC = 10;
  public static final int DEFAULT_MAX_VENUE_LEVELS = 1_000;
  public static final int MAX_VENUE_LEVELS = 100_000;

  public BookConfig {
    if (depth < 1 || depth > MAX_DEPTH || !(maxRatePerSec > 0) || maxVenueLevels < depth) {
      throw new IllegalArgumentException("depth 1 to " + MAX_DEPTH
          + ", maxRatePerSec > 0, maxVenueLevels >= depth");
    }
  }

  /** Every default. */
  public static BookConfig defaults() {
    return new BookConfig(DEFAULT_DEPTH, DEFAULT_MAX_RATE_PER_SEC, DEFAULT_MAX_VENUE_LEVELS);
  }

  /**
   * Reads and validates the section.
   *
   * @throws io.tickwire.runtime.ConfigException naming the first bad key
   */
  static BookConfig from(Section section) {
    int depth = section.intValue("depth", DEFAULT_DEPTH, 1, MAX_DEPTH);
    double maxRatePerSec = section.doubleValue("maxRatePerSec", DEFAULT_MAX_RATE_PER_SEC, 0.01,
        1_000);
    // At least a full published side, so a venue alone can fill the book.
    int maxVenueLevels = section.intValue("maxVenueLevels", DEFAULT_MAX_VENUE_LEVELS, depth,
        MAX_VENUE_LEVELS);
    section.done();
    return new BookConfig(depth, maxRatePerSec, maxVenueLevels);
  }
}
