package io.tickwire.prices;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One published value of a symbol: the data of a {@code prices.<SYMBOL>} message, plus the
 * volume traded since the previous value (which feeds the candles). Unknown numbers are NaN and
 * become {@code null} in JSON.
 *
 * @param symbol the canonical symbol
 * @param price the aggregated price
 * @param bid the best bid across the used venues: the consolidated book's when venues send
 *     books and it has both sides, else the best of the used venues' quotes
 * @param ask the best ask, likewise
 * @param venues the venues used
 * @param excluded the venues excluded, with the reason
 * @param open24h the price 24 hours ago
 * @param high24h the 24-hour high
 * @param low24h the 24-hour low
 * @param change24h {@code price - open24h}
 * @param changePct24h the change in percent of {@code open24h}
 * @param volume24h the used venues' 24-hour base volume
 * @param traded the base volume traded since the previous value (not on the channel)
 * @param ts when it was aggregated, ms since the epoch
 * @param crossed whether the best bid is at or above the best ask across the venues (from the
 *     consolidated order book when venues send books, else from their quotes)
 */
public record PriceUpdate(String symbol, double price, double bid, double ask,
    List<String> venues, Map<String, String> excluded, double open24h, double high24h,
    double low24h, double change24h, double changePct24h, double volume24h, double traded,
    long ts, boolean crossed) {

  public PriceUpdate {
    venues = List.copyOf(venues);
    excluded = Collections.unmodifiableMap(new TreeMap<>(excluded));
  }

  /** A value whose {@code crossed} is {@code bid >= ask} (false when either is unknown). */
  public PriceUpdate(String symbol, double price, double bid, double ask, List<String> venues,
      Map<String, String> excluded, double open24h, double high24h, double low24h,
      double change24h, double changePct24h, double volume24h, double traded, long ts) {
    this(symbol, price, bid, ask, venues, excluded, open24h, high24h, low24h, change24h,
        changePct24h, volume24h, traded, ts, bid >= ask);
  }

  /** The channel message's data. */
  public JsonObject toJson() {
    JsonObject why = new JsonObject();
    excluded.forEach(why::put);
    return new JsonObject().put("symbol", symbol).put("price", price)
        .put("bid", Numbers.json(bid)).put("ask", Numbers.json(ask))
        .put("venues", new JsonArray(new ArrayList<>(venues))).put("excluded", why)
        .put("open24h", Numbers.json(open24h)).put("high24h", Numbers.json(high24h))
        .put("low24h", Numbers.json(low24h)).put("change24h", Numbers.json(change24h))
        .put("changePct24h", Numbers.json(changePct24h))
        .put("volume24h", Numbers.json(volume24h)).put("crossed", crossed).put("ts", ts);
  }

  /** What travels on {@link io.tickwire.protocol.Addresses#PRICES_UPDATES}. */
  public JsonObject toUpdateJson() {
    return toJson().put("traded", Numbers.json(traded));
  }

  /**
   * Reads {@link #toUpdateJson()} back.
   *
   * @throws IllegalArgumentException when symbol, price or ts is missing or of the wrong type
   */
  public static PriceUpdate fromJson(JsonObject json) {
    try {
      if (!(json.getValue("symbol") instanceof String symbol)
          || !(json.getValue("price") instanceof Number price)
          || !(json.getValue("ts") instanceof Number ts)) {
        throw new IllegalArgumentException("symbol, price and ts are required");
      }
      List<String> venues = new ArrayList<>();
      JsonArray used = json.getJsonArray("venues", new JsonArray());
      for (Object venue : used) {
        if (!(venue instanceof String name)) {
          throw new IllegalArgumentException("venues must be names");
        }
        venues.add(name);
      }
      Map<String, String> excluded = new TreeMap<>();
      json.getJsonObject("excluded", new JsonObject()).forEach(entry ->
          excluded.put(entry.getKey(), String.valueOf(entry.getValue())));
      return new PriceUpdate(symbol, price.doubleValue(), number(json, "bid"),
          number(json, "ask"), venues, excluded, number(json, "open24h"),
          number(json, "high24h"), number(json, "low24h"), number(json, "change24h"),
          number(json, "changePct24h"), number(json, "volume24h"), number(json, "traded"),
          ts.longValue(), crossed(json));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("a field has the wrong type: " + e.getMessage(), e);
    }
  }

  /** {@code crossed}, or for a value from before the field existed, {@code bid >= ask}. */
  private static boolean crossed(JsonObject json) {
    Object crossed = json.getValue("crossed");
    if (crossed == null) {
      return number(json, "bid") >= number(json, "ask");
    }
    if (!(crossed instanceof Boolean flag)) {
      throw new IllegalArgumentException("crossed must be true or false");
    }
    return flag;
  }

  private static double number(JsonObject json, String field) {
    return Numbers.fromJson(json.getNumber(field));
  }
}
