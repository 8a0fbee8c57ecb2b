package io.tickwire.prices;

import java.util.List;
import java.util.Map;

/**
 * The aggregated value of one symbol at one instant: what the venues said, after the freshness,
 * health and outlier rules. {@link #price()} is {@link Double#NaN} when no venue was usable.
 *
 * @param price the median (or volume-weighted median) of the used venues' prices
 * @param bid the best (highest) bid among the used venues, or NaN
 * @param ask the best (lowest) ask among the used venues, or NaN; bid and ask may come from
 *     different venues, so the consolidated book can be crossed (bid above ask) for a while
 * @param volume24h the sum of the used venues' 24-hour volumes, or NaN when none reported one
 * @param used the venues whose prices made the value, by name
 * @param excluded the venues left out and why ({@link Aggregator#STALE},
 *     {@link Aggregator#OUTLIER}, {@link Aggregator#UNHEALTHY}), by name
 * @param venueOpen24h the median of the used venues' own 24-hour opens, or NaN
 * @param venueHigh24h the median of their 24-hour highs, or NaN
 * @param venueLow24h the median of their 24-hour lows, or NaN
 */
public record Aggregate(double price, double bid, double ask, double volume24h,
    List<String> used, Map<String, String> excluded, double venueOpen24h, double venueHigh24h,
    double venueLow24h) {

  /** Whether at least one venue made a price. */
  public boolean usable() {
    return !used.isEmpty();
  }
}
