package io.tickwire.prices;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code prices} section: which symbols, from which venues, aggregated and published how.
 *
 * @param enabled whether this node runs the price feed
 * @param symbols the canonical symbols, {@code BASE-QUOTE} in capitals ({@link #DEFAULT_SYMBOLS});
 *     the {@code prices} namespace's channel keys are exactly these
 * @param staleAfterMs a venue quote older than this is left out ({@value #DEFAULT_STALE_AFTER_MS})
 * @param outlierPct a venue deviating more than this many percent from the median of the others
 *     is left out until it is back within half of it ({@value #DEFAULT_OUTLIER_PCT})
 * @param volumeWeighted whether the price is the volume-weighted median
 * @param deviationPct publish when the price moved by at least this many percent
 *     ({@value #DEFAULT_DEVIATION_PCT})
 * @param heartbeatMs ... or when this long passed since the last publication
 *     ({@value #DEFAULT_HEARTBEAT_MS})
 * @param maxRatePerSec but at most this often per symbol ({@value #DEFAULT_MAX_RATE_PER_SEC})
 * @param overviewIntervalMs how often {@code market.overview} is published
 *     ({@value #DEFAULT_OVERVIEW_INTERVAL_MS})
 * @param overviewTop how many gainers and losers it lists ({@value #DEFAULT_OVERVIEW_TOP})
 * @param candles1mRetentionMs how far back 1-minute candles are kept (24 h)
 * @param candles5mRetentionMs how far back 5-minute candles are kept (7 d)
 * @param candles1hRetentionMs how far back 1-hour candles are kept (30 d)
 * @param historyMaxLimit the most candles one {@code prices.history} answer may hold
 *     ({@value #DEFAULT_HISTORY_MAX_LIMIT})
 * @param venues the price sources (default: one simulated source with four venues)
 * @param book the consolidated order books ({@code prices.book}, {@link BookConfig})
 * @param trades how trades are batched on {@code trades.<SYMBOL>} ({@link TradesConfig})
 */
public record PricesConfig(boolean enabled, List<String> symbols, long staleAfterMs,
    double outlierPct, boolean volumeWeighted, double deviationPct, long heartbeatMs,
    double maxRatePerSec, long overviewIntervalMs, int overviewTop, long candles1mRetentionMs,
    long candles5mRetentionMs, long candles1hRetentionMs, int historyMaxLimit,
    List<VenueConfig> venues, BookConfig book, TradesConfig trades) {

  public static final List<String> DEFAULT_SYMBOLS = List.of("BTC-USD", "ETH-USD", "SOL-USD",
      "XRP-USD", "ADA-USD", "DOGE-USD", "AVAX-USD", "DOT-USD", "LINK-USD", "MATIC-USD");
  public static final long DEFAULT_STALE_AFTER_MS = 10_000;
  public static final double DEFAULT_OUTLIER_PCT = 2;
  public static final double DEFAULT_DEVIATION_PCT = 0.01;
  public static final long DEFAULT_HEARTBEAT_MS = 5_000;
  public static final double DEFAULT_MAX_RATE_PER_SEC = 10;
  public static final long DEFAULT_OVERVIEW_INTERVAL_MS = 1_000;
  public static final int DEFAULT_OVERVIEW_TOP = 5;
  public static final long DEFAULT_CANDLES_1M_RETENTION_MS = 86_400_000L;
  public static final long DEFAULT_CANDLES_5M_RETENTION_MS = 7 * 86_400_000L;
  public static final long DEFAULT_CANDLES_1H_RETENTION_MS = 30 * 86_400_000L;
  public static final int DEFAULT_HISTORY_LIMIT = 500;
  public static final int DEFAULT_HISTORY_MAX_LIMIT = 5_000;
  /** The name of the simulated source used when conf names no venue. */
  public static final String DEFAULT_VENUE = "simulated";

  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{1,16}-[A-Z0-9]{1,16}");

  public PricesConfig {
    symbols = List.copyOf(symbols);
    venues = List.copyOf(venues);
  }

  /** Every default, with the default simulated source. */
  public static PricesConfig defaults() {
    return from(Section.root(new io.vertx.core.json.JsonObject()));
  }

  /** The enabled sources. */
  public List<VenueConfig> activeVenues() {
    return venues.stream().filter(VenueConfig::enabled).toList();
  }

  /**
   * Reads and validates the section.
   *
   * @throws ConfigException naming the first bad key
   */
  public static PricesConfig from(Section section) {
    boolean enabled = section.bool("enabled", true);
    List<String> symbols = symbols(section);
    long staleAfterMs = section.longValue("staleAfterMs", DEFAULT_STALE_AFTER_MS, 100, 3_600_000);
    double outlierPct = section.doubleValue("outlierPct", DEFAULT_OUTLIER_PCT, 0.001, 100);
    boolean volumeWeighted = section.bool("volumeWeighted", false);
    double deviationPct = section.doubleValue("deviationPct", DEFAULT_DEVIATION_PCT, 0, 100);
    long heartbeatMs = section.longValue("heartbeatMs", DEFAULT_HEARTBEAT_MS, 100, 86_400_000);
    double maxRatePerSec = section.doubleValue("maxRatePerSec", DEFAULT_MAX_RATE_PER_SEC, 0.01,
        1_000);
    long overviewIntervalMs = section.longValue("overviewIntervalMs",
        DEFAULT_OVERVIEW_INTERVAL_MS, 100, 3_600_000);
    int overviewTop = section.intValue("overviewTop", DEFAULT_OVERVIEW_TOP, 0, 1_000);
    long retention1m = section.longValue("candles1mRetentionMs", DEFAULT_CANDLES_1M_RETENTION_MS,
        60_000, 30 * 86_400_000L);
    long retention5m = section.longValue("candles5mRetentionMs", DEFAULT_CANDLES_5M_RETENTION_MS,
        300_000, 90 * 86_400_000L);
    long retention1h = section.longValue("candles1hRetentionMs", DEFAULT_CANDLES_1H_RETENTION_MS,
        3_600_000, 730 * 86_400_000L);
    int historyMaxLimit = section.intValue("historyMaxLimit", DEFAULT_HISTORY_MAX_LIMIT, 1,
        100_000);
    List<VenueConfig> venues = venues(section, symbols, enabled);
    BookConfig book = BookConfig.from(section.section("book"));
    TradesConfig trades = TradesConfig.from(section.section("trades"));
    section.done();
    return new PricesConfig(enabled, symbols, staleAfterMs, outlierPct, volumeWeighted,
        deviationPct, heartbeatMs, maxRatePerSec, overviewIntervalMs, overviewTop, retention1m,
        retention5m, retention1h, historyMaxLimit, venues, book, trades);
  }

  private static List<String> symbols(Section section) {
    List<String> symbols = section.strings("symbols", DEFAULT_SYMBOLS);
    if (symbols.isEmpty()) {
      throw new ConfigException(section.key("symbols"), "must list at least one symbol");
    }
    Set<String> seen = new HashSet<>();
    for (String symbol : symbols) {
      if (!SYMBOL.matcher(symbol).matches()) {
        throw new ConfigException(section.key("symbols"), "'" + symbol
            + "' is not a symbol: BASE-QUOTE in capitals and digits, e.g. BTC-USD");
      }
      if (!seen.add(symbol)) {
        throw new ConfigException(section.key("symbols"), "lists '" + symbol + "' twice");
      }
    }
    return symbols;
  }

  private static List<VenueConfig> venues(Section section, List<String> symbols,
      boolean enabled) {
    if (section.raw("venues") == null) {
      return List.of(VenueConfig.simulated(DEFAULT_VENUE, symbols, SimulationConfig.defaults()));
    }
    Section venues = section.section("venues");
    List<VenueConfig> configs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String name : venues.sectionNames()) {
      if (!VenueConfig.NAME.matcher(name).matches()) {
        throw new ConfigException(venues.key(name), "a venue name must match [a-z][a-z0-9_-]*");
      }
      VenueConfig venue = VenueConfig.from(venues.section(name), name, symbols);
      for (String venueName : venue.venueNames()) {
        if (venue.enabled() && !names.add(venueName)) {
          throw new ConfigException(venues.key(name), "venue name '" + venueName
              + "' is used by another enabled source");
        }
      }
      configs.add(venue);
    }
    venues.done();
    if (enabled && configs.stream().noneMatch(VenueConfig::enabled)) {
      throw new ConfigException(section.key("venues"), "at least one venue must be enabled");
    }
    return configs;
  }
}
