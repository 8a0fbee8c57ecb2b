package io.tickwire.prices;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.List;

/**
 * The settings of a simulated source ({@code type: simulated}): several venues quoting one
 * random walk per symbol, each with its own bias, noise and spread, and now and then an
 * incident: one venue goes quiet (stale) or quotes far off (outlier) for a while.
 *
 * @param venues the simulated venues' names ({@link #DEFAULT_VENUES})
 * @param seed the random seed; the same seed gives the same market
 * @param ticksPerSec quotes per second per venue and symbol ({@value #DEFAULT_TICKS_PER_SEC})
 * @param volatilityPct the standard deviation of one step of the walk, in percent
 *     ({@value #DEFAULT_VOLATILITY_PCT})
 * @param noisePct a venue's deviation from the walk, in percent ({@value #DEFAULT_NOISE_PCT});
 *     held within a quarter of the half spread, so venues' quotes do not cross
 * @param spreadPct the bid-ask spread, in percent of the price ({@value #DEFAULT_SPREAD_PCT}); at
 *     least 8 standard deviations of a step of the walk
 * @param incidentEveryMs time between incidents; 0 means none ({@value #DEFAULT_INCIDENT_EVERY_MS})
 * @param incidentForMs how long an incident lasts ({@value #DEFAULT_INCIDENT_FOR_MS})
 * @param incidentOutlierPct how far an outlier venue quotes off, in percent
 *     ({@value #DEFAULT_INCIDENT_OUTLIER_PCT})
 */
public record SimulationConfig(List<String> venues, long seed, double ticksPerSec,
    double volatilityPct, double noisePct, double spreadPct, long incidentEveryMs,
    long incidentForMs, double incidentOutlierPct) {

  public static final List<String> DEFAULT_VENUES =
      List.of("sim-alpha", "sim-beta", "sim-gamma", "sim-delta");
  public static final long DEFAULT_SEED = 42;
  public static final double DEFAULT_TICKS_PER_SEC = 2;
  public static final double DEFAULT_VOLATILITY_PCT = 0.03;
  public static final double DEFAULT_NOISE_PCT = 0.02;
  public static final double DEFAULT_SPREAD_PCT = 0.05;
  public static final long DEFAULT_INCIDENT_EVERY_MS = 45_000;
  public static final long DEFAULT_INCIDENT_FOR_MS = 20_000;
  public static final double DEFAULT_INCIDENT_OUTLIER_PCT = 5;

  public SimulationConfig {
    venues = List.copyOf(venues);
  }

  /** The defaults: four venues, seed 42. */
  public static SimulationConfig defaults() {
    return new SimulationConfig(DEFAULT_VENUES, DEFAULT_SEED, DEFAULT_TICKS_PER_SEC,
        DEFAULT_VOLATILITY_PCT, DEFAULT_NOISE_PCT, DEFAULT_SPREAD_PCT, DEFAULT_INCIDENT_EVERY_MS,
        DEFAULT_INCIDENT_FOR_MS, DEFAULT_INCIDENT_OUTLIER_PCT);
  }

  static SimulationConfig from(Section section) {
    List<String> venues = section.strings("venues", DEFAULT_VENUES);
    if (venues.isEmpty()) {
      throw new ConfigException(section.key("venues"), "must name at least one venue");
    }
    return new SimulationConfig(venues,
        section.longValue("seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE),
        section.doubleValue("ticksPerSec", DEFAULT_TICKS_PER_SEC, 0.01, 1_000),
        section.doubleValue("volatilityPct", DEFAULT_VOLATILITY_PCT, 0, 10),
        section.doubleValue("noisePct", DEFAULT_NOISE_PCT, 0, 10),
        section.doubleValue("spreadPct", DEFAULT_SPREAD_PCT, 0, 10),
        section.longValue("incidentEveryMs", DEFAULT_INCIDENT_EVERY_MS, 0, 86_400_000),
        section.longValue("incidentForMs", DEFAULT_INCIDENT_FOR_MS, 0, 86_400_000),
        section.doubleValue("incidentOutlierPct", DEFAULT_INCIDENT_OUTLIER_PCT, 0, 1_000));
  }
}
