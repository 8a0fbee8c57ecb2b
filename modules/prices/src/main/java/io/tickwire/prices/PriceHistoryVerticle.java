package io.tickwire.prices;

import io.tickwire.protocol.Addresses;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.Ownership;
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
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Price history, live candles and snapshots: keeps 1m, 5m and 1h candles and the latest value of
 * every symbol from the published values, answers two request methods and, for the symbols this
 * member {@link Ownership owns}, publishes the candles as they form and close on
 * {@code candles.<SYMBOL>.<interval>} ({@link LiveCandles}: the very candles of the history).
 *
 * <ul>
 *   <li>{@code prices.history} {symbol, interval, from?, to?, limit?} → {symbol, interval,
 *       candles: [{t, open, high, low, close, volume}]} in time order (see {@link PriceQueries}).
 *   <li>{@code prices.snapshot} {symbols?} → {prices: {SYMBOL: value or null}}, the values as
 *       last published on {@code prices.<SYMBOL>}.
 *   <li>{@code prices.book} {symbol} → the consolidated order book as last published on
 *       {@code book.<SYMBOL>}, or an empty one ({@code bids} and {@code asks} empty, {@code ts}
 *       null) before any.
 * </ul>
 *
 * <p>Consumes {@link Addresses#PRICES_UPDATES} and {@link Addresses#PRICES_BOOK_UPDATES}
 * (cluster-wide, so every member holds every symbol's history and book) and
 * {@code tickwire.rpc.prices.history}, {@code tickwire.rpc.prices.snapshot},
 * {@code tickwire.rpc.prices.book}. Produces {@code candles.<SYMBOL>.<interval>} channel
 * messages of the symbols this member owns through the channel log, on each value and on a sweep
 * every {@value #SWEEP_MS} ms. Config: {@code prices} (symbols, candle retention, history limit).
 * Single instance; its state lives on its event loop.
 */
public final class PriceHistoryVerticle extends VerticleBase {

  /** How often time alone is checked for closed candles and held-back forming ones. */
  static final long SWEEP_MS = 250;

  private static final Logger LOG = LoggerFactory.getLogger(PriceHistoryVerticle.class);

  private final PricesConfig config;
  private final Ownership ownership;
  private final PricesMetrics metrics;
  private final LongSupplier clock;
  private final Map<String, PriceUpdate> latest = new HashMap<>();
  // Symbol → the latest book; only configured symbols get in, so it cannot grow past them.
  private final Map<String, JsonObject> books = new HashMap<>();
  private CandleStore candles;
  private LiveCandles live;
  private ChannelOutput output;

  PriceHistoryVerticle(PricesConfig config, Ownership ownership, PricesMetrics metrics,
      LongSupplier clock) {
    this.config = config;
    this.ownership = ownership;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    candles = new CandleStore(config);
    live = new LiveCandles(candles);
    output = new ChannelOutput(new ChannelPublisher(vertx), metrics, LOG);
    vertx.setPeriodic(SWEEP_MS, ignored -> live.sweep(clock.getAsLong(), ownership::owns)
        .forEach(this::publish));
    return Future.all(
        vertx.eventBus().<JsonObject>consumer(Addresses.PRICES_UPDATES, this::onUpdate)
            .completion(),
        Methods.register(vertx, "prices.history", this::history).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.PRICES_BOOK_UPDATES, this::onBook)
            .completion(),
        Methods.register(vertx, "prices.snapshot", this::snapshot).completion(),
        Methods.register(vertx, "prices.book", this::book).completion());
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
    live.recorded(update.symbol(), clock.getAsLong(), ownership.owns(update.symbol()))
        .forEach(this::publish);
  }

  private void publish(LiveCandles.Message message) {
    output.publish(message.channel(), message.data());
  }

  private void onBook(Message<JsonObject> message) {
    JsonObject book = message.body();
    if (book == null || !(book.getValue("symbol") instanceof String symbol)
        || !config.symbols().contains(symbol) || !(book.getValue("ts") instanceof Number ts)
        || !(book.getValue("bids") instanceof JsonArray)
        || !(book.getValue("asks") instanceof JsonArray)) {
      metrics.badUpdate();
      return;
    }
    JsonObject previous = books.get(symbol);
    if (previous == null || previous.getLong("ts") <= ts.longValue()) {
      books.put(symbol, book);
    }
  }

  private Future<JsonObject> book(MethodCall call) {
    String symbol = PriceQueries.book(call.data(), config.symbols());
    JsonObject book = books.get(symbol);
    return Future.succeededFuture(book != null ? book
        : ConsolidatedBook.empty(symbol, config.book().depth()));
  }

  private Future<JsonObject> history(MethodCall call) {
    PriceQueries.History query = PriceQueries.history(call.data(), config.symbols(),
        config.historyMaxLimit(), clock.getAsLong());
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
