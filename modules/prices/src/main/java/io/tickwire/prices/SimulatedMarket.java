package io.tickwire.prices;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic simulated market: per symbol one geometric random walk (the "true" price);
 * each venue quotes it with its own steady bias, per-quote noise and spread, and trades some
 * volume. Every {@code incidentEveryMs} one venue, picked at random, misbehaves for
 * {@code incidentForMs}: it goes quiet ({@link Kind#STALE}) or quotes
 * {@code incidentOutlierPct} off ({@link Kind#OUTLIER}), so the aggregator's rules show live.
 * The same seed and the same step times give the same quotes. A plain class; not thread-safe.
 */
final class SimulatedMarket {

  /** What a misbehaving venue does. */
  enum Kind { STALE, OUTLIER }

  /** One venue misbehaving from {@code from} until {@code until} (exclusive). */
  record Incident(String venue, Kind kind, long from, long until, int direction) {
    boolean activeAt(long now) {
      return now >= from && now < until;
    }
  }

  private static final Map<String, Double> START_PRICES = Map.of("BTC", 65_000.0, "ETH", 3_200.0,
      "SOL", 150.0, "XRP", 0.55, "ADA", 0.45, "DOGE", 0.15, "AVAX", 35.0, "DOT", 7.0,
      "LINK", 15.0, "MATIC", 0.7);

  private final SimulationConfig config;
  private final List<String> symbols;
  private final List<String> venues;
  private final Random random;
  private final double[] walk;
  private final double[] bias;
  private final double[] volume24h;
  private final double ticksPerDay;
  private Incident incident;
  private long nextIncidentAt;

  SimulatedMarket(SimulationConfig config, List<String> symbols, long start) {
    this.config = config;
    this.symbols = List.copyOf(symbols);
    this.venues = config.venues();
    this.random = new Random(config.seed());
    this.ticksPerDay = 86_400 * config.ticksPerSec();
    int pairs = symbols.size() * venues.size();
    this.walk = new double[symbols.size()];
    this.bias = new double[pairs];
    this.volume24h = new double[pairs];
    for (int s = 0; s < symbols.size(); s++) {
      walk[s] = startPrice(symbols.get(s));
      for (int v = 0; v < venues.size(); v++) {
        int pair = s * venues.size() + v;
        bias[pair] = (random.nextDouble() - 0.5) * config.noisePct() / 100;
        volume24h[pair] = (20e6 + random.nextDouble() * 80e6) / walk[s];
      }
    }
    this.nextIncidentAt = config.incidentEveryMs() > 0 ? start + config.incidentEveryMs()
        : Long.MAX_VALUE;
  }

  /** Advances the market to {@code now}: one quote per venue and symbol, but for a quiet venue. */
  List<Tick> step(long now) {
    updateIncident(now);
    List<Tick> ticks = new ArrayList<>(symbols.size() * venues.size());
    double sigma = config.volatilityPct() / 100;
    for (int s = 0; s < symbols.size(); s++) {
      walk[s] *= Math.exp(sigma * random.nextGaussian() - sigma * sigma / 2);
      for (int v = 0; v < venues.size(); v++) {
        int pair = s * venues.size() + v;
        double noise = random.nextGaussian() * config.noisePct() / 100;
        double traded = volume24h[pair] / ticksPerDay * (0.5 + random.nextDouble());
        volume24h[pair] += traded - volume24h[pair] / ticksPerDay;
        String venue = venues.get(v);
        boolean misbehaving = incident != null && incident.activeAt(now)
            && incident.venue().equals(venue);
        if (misbehaving && incident.kind() == Kind.STALE) {
          continue;
        }
        double price = walk[s] * (1 + bias[pair] + noise);
        if (misbehaving) {
          price *= 1 + incident.direction() * config.incidentOutlierPct() / 100;
        }
        double halfSpread = price * config.spreadPct() / 200 * (1 + 0.5 * v / venues.size());
        ticks.add(new Tick(venue, symbols.get(s), round(price), round(price - halfSpread),
            round(price + halfSpread), volume24h[pair], traded, Double.NaN, Double.NaN,
            Double.NaN, now));
      }
    }
    return ticks;
  }

  /** The incident in force at the last step, or {@code null}. */
  Incident incident() {
    return incident;
  }

  private void updateIncident(long now) {
    if (incident != null && !incident.activeAt(now)) {
      incident = null;
    }
    if (now >= nextIncidentAt) {
      String venue = venues.get(random.nextInt(venues.size()));
      Kind kind = random.nextBoolean() ? Kind.STALE : Kind.OUTLIER;
      incident = new Incident(venue, kind, now, now + config.incidentForMs(),
          random.nextBoolean() ? 1 : -1);
      nextIncidentAt = Math.max(nextIncidentAt + config.incidentEveryMs(), now + 1);
    }
  }

  /** The walk's first price: a plausible one for well-known bases, else one from the name. */
  static double startPrice(String symbol) {
    String base = symbol.substring(0, symbol.indexOf('-'));
    Double known = START_PRICES.get(base);
    return known != null ? known : 1 + Math.floorMod(base.hashCode(), 10_000) / 100.0;
  }

  /** A venue's tick size: cents for big prices, more decimals for small ones. */
  static double round(double price) {
    double scale = price >= 1_000 ? 100 : price >= 10 ? 1_000 : price >= 1 ? 10_000 : 1_000_000;
    return Math.round(price * scale) / scale;
  }
}
