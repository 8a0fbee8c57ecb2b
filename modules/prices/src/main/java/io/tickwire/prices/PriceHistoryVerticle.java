package io.tickwire.prices;

import io.tickwire.protocol.Addresses;
import io.tickwire.runtime.MethodCall;
import io.tickwire.runtime.Methods;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Price history and snapshots: keeps 1m, 5m and 1h candles and the latest value of every
 * symbol from the published values, and answers two request methods.
 *
 * <ul>
 *   <li>{@code prices.history} {symbol, interval, from?, to?, limit?} → {symbol, interval,
 *       candles: [{t, open, high, low, close, volume}]} in time order (see {@link PriceQueries}).
 *   <li>{@code prices.snapshot} {symbols?} → {prices: {SYMBOL: value or null}}, the values as
 *       last published on {@code prices.<SYMBOL>}.
 * </ul>
 *
 * <p>Consumes {@link Addresses#PRICES_UPDATES} (cluster-wide, so every member holds every
 * symbol's history) and {@code tickwire.rpc.prices.history}, {@code tickwire.rpc.prices.snapshot}.
 * Config: {@code prices} (symbols, candle retention, history limit). Single instance; its state
 * lives on its event loop.
 */
public final class PriceHistoryVerticle extends VerticleBase {

  private final PricesConfig config;
  private final PricesMetrics metrics;
  private final Map<String, PriceUpdate> latest = new HashMap<>();
  private CandleStore candles;

  PriceHistoryVerticle(PricesConfig config, PricesMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    candles = new CandleStore(config);
    return Future.all(
        vertx.eventBus().<JsonObject>consumer(Addresses.PRICES_UPDATES, this::onUpdate)
            .completion(),
        Methods.register(vertx, "prices.history", this::history).completion(),
        Methods.register(vertx, "prices.snapshot", this::snapshot).completion());
  }

  private void onUpdate(Message<JsonObject> message) {
    PriceUpdate update;
    try {
      update = PriceUpdate.fromJson(message.body());
    } catch (IllegalArgumentException e) {
      metrics.badUpdate();
      return;
    }
    if (!config.symbols().contains(update.symbol())) {
      metrics.badUpdate();
      return;
    }
    PriceUpdate previous = latest.get(update.symbol());
    if (previous == null || previous.ts() <= update.ts()) {
      latest.put(update.symbol(), update);
    }
    candles.record(update);
  }

  private Future<JsonObject> history(MethodCall call) {
    PriceQueries.History query = PriceQueries.history(call.data(), config.symbols(),
        config.historyMaxLimit(), System.currentTimeMillis());
    JsonArray list = new JsonArray();
    for (Candle candle : candles.range(query.symbol(), query.interval(), query.from(),
        query.to(), query.limit())) {
      list.add(candle.toJson());
    }
    return Future.succeededFuture(new JsonObject().put("symbol", query.symbol())
        .put("interval", query.interval().token()).put("candles", list));
  }

  private Future<JsonObject> snapshot(MethodCall call) {
    List<String> symbols = PriceQueries.snapshot(call.data(), config.symbols());
    JsonObject prices = new JsonObject();
    for (String symbol : symbols) {
      PriceUpdate update = latest.get(symbol);
      prices.put(symbol, update == null ? null : update.toJson());
    }
    return Future.succeededFuture(new JsonObject().put("prices", prices));
  }
}
