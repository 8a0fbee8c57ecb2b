package io.tickwire.bench.jmh;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The {@code data} of channel messages the benchmarks publish, shaped like tickwire's own. */
public final class Payloads {

  private Payloads() {
  }

  /** About 100 bytes of JSON: a bare price tick. */
  public static JsonObject small() {
    return new JsonObject().put("symbol", "BTC-USD").put("price", 65012.41)
        .put("bid", 65009.87).put("ask", 65014.2).put("ts", 1795322769251L);
  }

  /** A {@code prices.<SYMBOL>} message as docs/prices.md shows it, about 400 bytes. */
  public static JsonObject priceUpdate() {
    return new JsonObject().put("symbol", "BTC-USD").put("price", 65012.41)
        .put("bid", 65009.87).put("ask", 65014.2)
        .put("venues", new JsonArray().add("sim-alpha").add("sim-beta").add("sim-gamma"))
        .put("excluded", new JsonObject().put("sim-delta", "outlier"))
        .put("open24h", 64890.02).put("high24h", 65102.3).put("low24h", 64801.77)
        .put("change24h", 122.39).put("changePct24h", 0.1886).put("volume24h", 5871.2245)
        .put("ts", 1795322769251L);
  }

  /** About 1 KB of JSON: a {@code market.overview} of ten symbols with gainers and losers. */
  public static JsonObject overview() {
    String[] symbols = {"BTC-USD", "ETH-USD", "SOL-USD", "XRP-USD", "ADA-USD", "DOGE-USD",
        "AVAX-USD", "DOT-USD", "LINK-USD", "MATIC-USD"};
    JsonArray all = new JsonArray();
    JsonArray gainers = new JsonArray();
    JsonArray losers = new JsonArray();
    for (int i = 0; i < symbols.length; i++) {
      double pct = Math.round((i - 4.5) * 3_111) / 10_000.0;
      double price = Math.round(65_000.0 / (i * i + 1) * 100) / 100.0;
      all.add(new JsonObject().put("symbol", symbols[i]).put("price", price)
          .put("changePct24h", pct).put("ts", 1795322769251L + i));
      JsonObject mover = new JsonObject().put("symbol", symbols[i]).put("changePct24h", pct);
      if (pct > 0 && gainers.size() < 3) {
        gainers.add(mover);
      } else if (pct < 0 && losers.size() < 2) {
        losers.add(mover);
      }
    }
    return new JsonObject().put("symbols", all).put("gainers", gainers).put("losers", losers)
        .put("ts", 1795322769251L);
  }
}
