package io.tickwire.prices;

import io.vertx.core.json.JsonObject;

/**
 * One OHLCV candle of published prices.
 *
 * @param t the candle's start, ms since the epoch, a multiple of its interval
 * @param open the first price published in it
 * @param high the highest
 * @param low the lowest
 * @param close the last
 * @param volume the base volume traded in it, as the venues reported it
 */
public record Candle(long t, double open, double high, double low, double close, double volume) {

  public JsonObject toJson() {
    return new JsonObject().put("t", t).put("open", open).put("high", high).put("low", low)
        .put("close", close).put("volume", Numbers.round(volume));
  }
}
