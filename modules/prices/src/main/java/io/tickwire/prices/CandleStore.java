package io.tickwire.prices;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The candles of every symbol at every {@link CandleInterval}, built from published values. A
 * plain class; not thread-safe.
 */
final class CandleStore {

  private final PricesConfig config;
  private final Map<String, Map<CandleInterval, CandleSeries>> series = new HashMap<>();

  CandleStore(PricesConfig config) {
    this.config = config;
  }

  /** Adds a published value to each interval's candles. */
  void record(PriceUpdate update) {
    for (CandleSeries candles : of(update.symbol()).values()) {
      candles.add(update.ts(), update.price(), update.traded());
    }
  }

  /** See {@link CandleSeries#range}; empty for a symbol nothing was published for. */
  List<Candle> range(String symbol, CandleInterval interval, Long from, Long to, int limit) {
    Map<CandleInterval, CandleSeries> bySymbol = series.get(symbol);
    return bySymbol == null ? List.of() : bySymbol.get(interval).range(from, to, limit);
  }

  private Map<CandleInterval, CandleSeries> of(String symbol) {
    return series.computeIfAbsent(symbol, ignored -> {
      Map<CandleInterval, CandleSeries> all = new EnumMap<>(CandleInterval.class);
      for (CandleInterval interval : CandleInterval.values()) {
        all.put(interval, new CandleSeries(interval, interval.retentionMs(config)));
      }
      return all;
    });
  }
}
