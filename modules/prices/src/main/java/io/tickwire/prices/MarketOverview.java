package io.tickwire.prices;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The data of a {@code market.overview} message: every symbol's latest price and 24-hour change
 * in configured order, and the {@code top} gainers (rising most, in percent) and losers (falling
 * most). A symbol without a change is neither. Pure.
 */
final class MarketOverview {

  private MarketOverview() {
  }

  static JsonObject build(List<String> symbols, Map<String, PriceUpdate> latest, int top,
      long now) {
    JsonArray all = new JsonArray();
    List<PriceUpdate> changed = new ArrayList<>();
    for (String symbol : symbols) {
      PriceUpdate update = latest.get(symbol);
      if (update == null) {
        continue;
      }
      all.add(new JsonObject().put("symbol", symbol).put("price", update.price())
          .put("change24h", Numbers.json(update.change24h()))
          .put("changePct24h", Numbers.json(update.changePct24h())).put("ts", update.ts()));
      if (Double.isFinite(update.changePct24h())) {
        changed.add(update);
      }
    }
    Comparator<PriceUpdate> bySymbol = Comparator.comparing(PriceUpdate::symbol);
    JsonArray gainers = entries(changed.stream().filter(update -> update.changePct24h() > 0)
        .sorted(Comparator.comparingDouble(PriceUpdate::changePct24h).reversed()
            .thenComparing(bySymbol)).limit(top).toList());
    JsonArray losers = entries(changed.stream().filter(update -> update.changePct24h() < 0)
        .sorted(Comparator.comparingDouble(PriceUpdate::changePct24h).thenComparing(bySymbol))
        .limit(top).toList());
    return new JsonObject().put("symbols", all).put("gainers", gainers).put("losers", losers)
        .put("ts", now);
  }

  private static JsonArray entries(List<PriceUpdate> updates) {
    JsonArray entries = new JsonArray();
    for (PriceUpdate update : updates) {
      entries.add(new JsonObject().put("symbol", update.symbol()).put("price", update.price())
          .put("changePct24h", update.changePct24h()));
    }
    return entries;
  }
}
