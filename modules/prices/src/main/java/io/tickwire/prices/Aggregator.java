package io.tickwire.prices;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The aggregation rules of one symbol: the latest quote of each venue in, one {@link Aggregate}
 * out.
 *
 * <ol>
 *   <li>A venue marked unhealthy by its source is excluded ({@value #UNHEALTHY}); so is a venue
 *       whose latest quote is older than {@code staleAfterMs} ({@value #STALE}). An
 *       {@linkplain #expect expected} venue that is unhealthy is listed as excluded even before
 *       it quoted.
 *   <li>Each fresh venue is compared with the median of the other fresh venues. With at least
 *       {@value #MIN_VENUES_FOR_OUTLIERS} fresh venues, one deviating by more than
 *       {@code outlierPct} percent becomes an outlier ({@value #OUTLIER}); it stays one until it
 *       comes back within half of that (hysteresis, so a venue near the limit does not flap). With
 *       fewer venues nobody becomes an outlier, but an outlier may still recover. Should every
 *       fresh venue be an outlier at once, none is excluded.
 *   <li>The price is the median of the used venues' prices, or with {@code volumeWeighted} their
 *       median weighted by 24-hour volume (the plain median whenever a used venue reports no
 *       volume). Bid and ask are the best across the used venues.
 * </ol>
 *
 * <p>A plain class without I/O: {@link #aggregate(long)} is the hot method, allocation-light and
 * meant to be benchmarked. Not thread-safe: owned by one feed.
 */
public final class Aggregator {

  /** Exclusion reason: the venue's latest quote is older than {@code staleAfterMs}. */
  public static final String STALE = "stale";
  /** Exclusion reason: the venue deviates from the others (see the class comment). */
  public static final String OUTLIER = "outlier";
  /** Exclusion reason: the venue's source says it is unhealthy (garbage, stalled, disconnected). */
  public static final String UNHEALTHY = "unhealthy";
  /** Fewer fresh venues than this, and no venue can become an outlier. */
  public static final int MIN_VENUES_FOR_OUTLIERS = 3;

  private static final class Quote {
    final String venue;
    double price;
    double bid;
    double ask;
    double volume24h;
    double open24h;
    double high24h;
    double low24h;
    long at;
    boolean outlier;

    Quote(String venue) {
      this.venue = venue;
    }
  }

  private final String symbol;
  private final long staleAfterMs;
  private final double outlierPct;
  private final boolean volumeWeighted;
  private final Set<String> unhealthy = new HashSet<>();
  private final Set<String> expected = new HashSet<>();
  // Quotes sorted by venue name, so results list venues in a stable order.
  private final List<Quote> quotes = new ArrayList<>();
  private Quote[] fresh = new Quote[4];
  private int[] order = new int[4];
  private double[] values = new double[4];
  private double[] weights = new double[4];

  /**
   * @param symbol the symbol this aggregates
   * @param staleAfterMs the age from which a venue's quote is stale
   * @param outlierPct the deviation in percent from which a venue is an outlier
   * @param volumeWeighted whether the price is the volume-weighted median
   */
  public Aggregator(String symbol, long staleAfterMs, double outlierPct, boolean volumeWeighted) {
    if (staleAfterMs <= 0 || !(outlierPct > 0)) {
      throw new IllegalArgumentException("staleAfterMs and outlierPct must be positive");
    }
    this.symbol = symbol;
    this.staleAfterMs = staleAfterMs;
    this.outlierPct = outlierPct;
    this.volumeWeighted = volumeWeighted;
  }

  public String symbol() {
    return symbol;
  }

  /** Takes a venue's latest quote; it replaces the venue's previous one. */
  public void offer(Tick tick) {
    if (!symbol.equals(tick.symbol())) {
      throw new IllegalArgumentException("a " + tick.symbol() + " tick offered to " + symbol);
    }
    Quote quote = quote(tick.venue());
    quote.price = tick.price();
    quote.bid = tick.bid();
    quote.ask = tick.ask();
    quote.volume24h = tick.volume24h();
    quote.open24h = tick.open24h();
    quote.high24h = tick.high24h();
    quote.low24h = tick.low24h();
    quote.at = tick.receivedAt();
  }

  /**
   * Says that {@code venue} is configured to quote this symbol, so that while it is unhealthy it
   * is listed as excluded even if it never quoted. (Health reaches every symbol's aggregator, and
   * a venue that does not quote a symbol has no business in its exclusions.)
   */
  public void expect(String venue) {
    expected.add(venue);
  }

  /** Marks a venue healthy or not, whether or not it has quoted this symbol yet. */
  public void venueHealth(String venue, boolean healthy) {
    if (healthy) {
      unhealthy.remove(venue);
    } else {
      unhealthy.add(venue);
    }
  }

  /** The aggregated value at {@code now} (ms since the epoch). Updates outlier states. */
  public Aggregate aggregate(long now) {
    ensureCapacity(quotes.size());
    Map<String, String> excluded = null;
    int n = 0;
    for (Quote quote : quotes) {
      String reason = unhealthy.contains(quote.venue) ? UNHEALTHY
          : now - quote.at > staleAfterMs ? STALE : null;
      if (reason == null) {
        fresh[n++] = quote;
      } else {
        excluded = put(excluded, quote.venue, reason);
      }
    }
    if (!unhealthy.isEmpty()) {
      for (String venue : unhealthy) {
        // A venue with a quote is in the map already; one without is not, yet it is missed.
        if (expected.contains(venue) && (excluded == null || !excluded.containsKey(venue))) {
          excluded = put(excluded, venue, UNHEALTHY);
        }
      }
    }
    judgeOutliers(n);
    int outliers = 0;
    for (int i = 0; i < n; i++) {
      if (fresh[i].outlier) {
        outliers++;
      }
    }
    boolean excludeOutliers = outliers < n;
    int used = 0;
    List<String> names = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Quote quote = fresh[i];
      if (excludeOutliers && quote.outlier) {
        excluded = put(excluded, quote.venue, OUTLIER);
      } else {
        fresh[used++] = quote;
        names.add(quote.venue);
      }
    }
    Map<String, String> why = excluded == null ? Map.of() : Collections.unmodifiableMap(excluded);
    if (used == 0) {
      return new Aggregate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of(), why,
          Double.NaN, Double.NaN, Double.NaN);
    }
    double bid = Double.NaN;
    double ask = Double.NaN;
    double volume = Double.NaN;
    boolean allVolumes = true;
    for (int i = 0; i < used; i++) {
      Quote quote = fresh[i];
      if (quote.bid > 0 && !(quote.bid <= bid)) {
        bid = quote.bid;
      }
      if (quote.ask > 0 && !(quote.ask >= ask)) {
        ask = quote.ask;
      }
      boolean hasVolume = quote.volume24h >= 0 && Double.isFinite(quote.volume24h);
      if (hasVolume) {
        volume = Double.isNaN(volume) ? quote.volume24h : volume + quote.volume24h;
      }
      allVolumes &= hasVolume && quote.volume24h > 0;
    }
    double price = volumeWeighted && allVolumes ? weightedMedian(used) : median(used, 'p');
    return new Aggregate(price, bid, ask, volume, Collections.unmodifiableList(names), why,
        median(used, 'o'), median(used, 'h'), median(used, 'l'));
  }

  private void judgeOutliers(int n) {
    if (n < 2) {
      return;
    }
    for (int i = 0; i < n; i++) {
      order[i] = i;
      values[i] = fresh[i].price;
    }
    sortOrder(n);
    double[] sorted = weights;
    for (int k = 0; k < n; k++) {
      sorted[k] = values[order[k]];
    }
    for (int k = 0; k < n; k++) {
      Quote quote = fresh[order[k]];
      double others = medianWithout(sorted, n, k);
      double deviationPct = Math.abs(quote.price - others) / others * 100;
      if (quote.outlier) {
        quote.outlier = deviationPct > outlierPct / 2;
      } else if (n >= MIN_VENUES_FOR_OUTLIERS) {
        quote.outlier = deviationPct > outlierPct;
      }
    }
  }

  /** The median of {@code sorted[0..n)} without the element at index {@code skip}. */
  static double medianWithout(double[] sorted, int n, int skip) {
    int m = n - 1;
    int middle = m / 2;
    double upper = sorted[middle < skip ? middle : middle + 1];
    if (m % 2 == 1) {
      return upper;
    }
    int below = middle - 1;
    return (sorted[below < skip ? below : below + 1] + upper) / 2;
  }

  /** The median of one field of {@code fresh[0..used)} over its known values, or NaN. */
  private double median(int used, char field) {
    int n = 0;
    for (int i = 0; i < used; i++) {
      Quote quote = fresh[i];
      double value = switch (field) {
        case 'p' -> quote.price;
        case 'o' -> quote.open24h;
        case 'h' -> quote.high24h;
        default -> quote.low24h;
      };
      if (Double.isFinite(value)) {
        values[n++] = value;
      }
    }
    if (n == 0) {
      return Double.NaN;
    }
    java.util.Arrays.sort(values, 0, n);
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  /**
   * The weighted median of the used prices: the price at which half the total volume lies on
   * each side; exactly on a boundary, the mean of the two prices around it.
   */
  private double weightedMedian(int used) {
    double total = 0;
    for (int i = 0; i < used; i++) {
      order[i] = i;
      values[i] = fresh[i].price;
      total += fresh[i].volume24h;
    }
    sortOrder(used);
    double half = total / 2;
    double cumulative = 0;
    for (int k = 0; k < used; k++) {
      cumulative += fresh[order[k]].volume24h;
      if (Math.abs(cumulative - half) <= total * 1e-12 && k + 1 < used) {
        return (values[order[k]] + values[order[k + 1]]) / 2;
      }
      if (cumulative > half) {
        return values[order[k]];
      }
    }
    return values[order[used - 1]];
  }

  /** Insertion sort of {@code order[0..n)} by {@code values}: n is a handful of venues. */
  private void sortOrder(int n) {
    for (int i = 1; i < n; i++) {
      int current = order[i];
      int j = i - 1;
      while (j >= 0 && values[order[j]] > values[current]) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = current;
    }
  }

  private Quote quote(String venue) {
    int low = 0;
    int high = quotes.size() - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int compared = quotes.get(middle).venue.compareTo(venue);
      if (compared == 0) {
        return quotes.get(middle);
      }
      if (compared < 0) {
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    Quote quote = new Quote(venue);
    quotes.add(low, quote);
    return quote;
  }

  private void ensureCapacity(int n) {
    if (fresh.length < n) {
      int size = Math.max(n, fresh.length * 2);
      fresh = new Quote[size];
      order = new int[size];
      values = new double[size];
      weights = new double[size];
    }
  }

  private static Map<String, String> put(Map<String, String> map, String venue, String reason) {
    Map<String, String> target = map == null ? new TreeMap<>() : map;
    target.put(venue, reason);
    return target;
  }
}
