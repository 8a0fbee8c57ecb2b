package io.tickwire.prices;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic simulated market: per symbol one geometric random walk (the "true" price, a
 * common mid); each venue quotes it with its own steady bias, per-quote noise and spread, and
 * trades some volume. A venue's half spread is at least {@value #SPREAD_STEPS} standard deviations
 * of one step of the walk (a market maker widens in a fast market), and its deviation from the
 * mid (bias plus noise) is held within {@value #MAX_DEVIATION_OF_HALF_SPREAD} of the half
 * spread, so two venues' quotes do not cross (one's bid at or above another's ask) but in an
 * incident: not between two steps either, while some venues quote the new mid and others still
 * the old one. Each venue also keeps an order book
 * of each symbol consistent with its quote ({@link SimulatedBook}): {@link #books()} holds what
 * the last step changed. Every {@code incidentEveryMs} one venue, picked at random, misbehaves for
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
  /** A venue's deviation from the mid is at most this share of the half spread. */
  static final double MAX_DEVIATION_OF_HALF_SPREAD = 0.25;
  /** A venue's half spread is at least this many standard deviations of a step of the walk. */
  static final double SPREAD_STEPS = 4;

  private final double[] scale;
  private final SimulatedBook[] books;
  private final List<BookEvent> bookEvents = new ArrayList<>();
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
    this.scale = new double[symbols.size()];
    this.books = new SimulatedBook[pairs];
    for (int s = 0; s < symbols.size(); s++) {
      walk[s] = startPrice(symbols.get(s));
      scale[s] = scale(walk[s]);
      for (int v = 0; v < venues.size(); v++) {
        int pair = s * venues.size() + v;
        bias[pair] = (random.nextDouble() - 0.5) * config.noisePct() / 100;
        volume24h[pair] = (20e6 + random.nextDouble() * 80e6) / walk[s];
        // Grid steps of half the smallest half spread: a usual step of the walk moves a
        // venue's ladder by a level or so.
        long gap = Math.round(walk[s] * minHalfSpread(config) / 2 * scale[s]);
        books[pair] = new SimulatedBook(venues.get(v), symbols.get(s), scale[s], walk[s], gap);
      }
    }
    this.nextIncidentAt = config.incidentEveryMs() > 0 ? start + config.incidentEveryMs()
        : Long.MAX_VALUE;
  }

  /** Advances the market to {@code now}: one quote per venue and symbol, but for a quiet venue. */
  List<Tick> step(long now) {
    updateIncident(now);
    bookEvents.clear();
    // Each venue stays within a share of the half spread around the mid, so no venue's bid
    // reaches another's ask, even one quoting the mid of the step before.
    double minHalfSpread = minHalfSpread(config);
    double sigma = config.volatilityPct() / 100;
    double maxDeviation = minHalfSpread * MAX_DEVIATION_OF_HALF_SPREAD;
    List<Tick> ticks = new ArrayList<>(symbols.size() * venues.size());
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
        double deviation = Math.max(-maxDeviation, Math.min(maxDeviation, bias[pair] + noise));
        double price = walk[s] * (1 + deviation);
        if (misbehaving) {
          price *= 1 + incident.direction() * config.incidentOutlierPct() / 100;
        }
        double halfSpread = price * minHalfSpread * (1 + 0.5 * v / venues.size());
        long bid = Math.round((price - halfSpread) * scale[s]);
        long ask = Math.round((price + halfSpread) * scale[s]);
        ticks.add(new Tick(venue, symbols.get(s), round(price), bid / scale[s], ask / scale[s],
            volume24h[pair], traded, Double.NaN, Double.NaN, Double.NaN, now));
        bookEvents.add(books[pair].update(bid, ask, random, now));
      }
    }
    return ticks;
  }

  /**
   * The book events of the last step, one per quote: each venue's snapshot of a symbol on its
   * first quote, then the levels each step changed. Valid until the next step.
   */
  List<BookEvent> books() {
    return bookEvents;
  }

  /** The smallest half spread of a venue, as a share of the price. */
  static double minHalfSpread(SimulationConfig config) {
    return Math.max(config.spreadPct() / 200, SPREAD_STEPS * config.volatilityPct() / 100);
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
    double scale = scale(price);
    return Math.round(price * scale) / scale;
  }

  /** Ticks per unit of a price: cents for big prices, more decimals for small ones. */
  static double scale(double price) {
    return price >= 1_000 ? 100 : price >= 10 ? 1_000 : price >= 1 ? 10_000 : 1_000_000;
  }
}
