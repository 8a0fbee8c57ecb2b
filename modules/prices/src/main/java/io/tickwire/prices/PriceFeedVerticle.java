package io.tickwire.prices;

import io.tickwire.runtime.Ownership;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.Channels;
import io.tickwire.runtime.ChannelPublisher;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Price feed aggregation: turns the venues' quotes into one value per owned symbol and publishes
 * it when it moved enough or the heartbeat is due, never faster than the symbol's rate limit
 * ({@link SymbolFeed}). Quotes arrive continuously; a sweep every few milliseconds catches what
 * only time changes (staleness, heartbeats, a move held back by the rate limit).
 *
 * <p>The venues' order books are merged per symbol ({@link ConsolidatedBook}) and published on
 * {@code book.<SYMBOL>} as a full top-N snapshot when the book changed, at most
 * {@code prices.book.maxRatePerSec} per symbol (a book held back by the rate goes out on the
 * sweep). Trades of an owned symbol go through its {@link TradeTape} (repeats dropped, batched)
 * to {@code trades.<SYMBOL>}, and their sizes into the symbol's traded volume.
 *
 * <p>Consumes {@link Addresses#PRICES_TICKS}, {@link Addresses#PRICES_BOOKS},
 * {@link Addresses#PRICES_TRADES} and {@link Addresses#PRICES_VENUE_HEALTH} (node-local).
 * Produces {@code prices.<SYMBOL>}, {@code book.<SYMBOL>} and {@code trades.<SYMBOL>} channel
 * messages through the channel log and, for each price, the same value on
 * {@link Addresses#PRICES_UPDATES} (cluster-wide; sent first, so a client that saw a message
 * finds it in the history); likewise each book on {@link Addresses#PRICES_BOOK_UPDATES}. Only
 * symbols this member
 * {@link Ownership owns} are aggregated; when ownership changes, a symbol gained starts
 * afresh and a symbol lost is dropped. Config: {@code prices}. Single instance; all its state
 * lives on its event loop.
 */
public final class PriceFeedVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PriceFeedVerticle.class);

  private final PricesConfig config;
  private final Ownership ownership;
  private final PricesMetrics metrics;
  private final Map<String, SymbolFeed> feeds = new HashMap<>();
  private final Map<String, TradeTape> tapes = new HashMap<>();
  private final LogLimiter dropLog = new LogLimiter(VenueVerticle.LOG_INTERVAL_MS);
  private final Set<String> unhealthy = new HashSet<>();
  private ChannelOutput output;

  PriceFeedVerticle(PricesConfig config, Ownership ownership, PricesMetrics metrics) {
    this.config = config;
    this.ownership = ownership;
    this.metrics = metrics;
  }

  /**
   * How often time alone is checked: often enough for the heartbeat, and a quarter of each rate
   * limit's interval, so a value, book or batch held back by its rate goes out at most a quarter
   * interval after the limit allows it (rather than up to a whole interval later).
   */
  static long sweepMs(PricesConfig config) {
    long period = Math.min(config.heartbeatMs(), config.staleAfterMs()) / 4;
    period = Math.min(period, PublishGate.minIntervalMs(config.maxRatePerSec()) / 4);
    period = Math.min(period, PublishGate.minIntervalMs(config.book().maxRatePerSec()) / 4);
    // Trades held back by their rate go out on the sweep too.
    period = Math.min(period, PublishGate.minIntervalMs(config.trades().maxRatePerSec()) / 4);
    return Math.max(10, Math.min(1_000, period));
  }

  @Override
  public Future<?> start() {
    output = new ChannelOutput(new ChannelPublisher(vertx), metrics, LOG);
    refreshOwnership();
    ownership.onChange(() -> context.runOnContext(ignored -> refreshOwnership()));
    vertx.setPeriodic(sweepMs(config), ignored -> sweep());
    return Future.all(
        vertx.eventBus().<Tick>localConsumer(Addresses.PRICES_TICKS, this::onTick).completion(),
        vertx.eventBus().<BookEvent>localConsumer(Addresses.PRICES_BOOKS, this::onBook)
            .completion(),
        vertx.eventBus().<Trade>localConsumer(Addresses.PRICES_TRADES, this::onTrade)
            .completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.PRICES_VENUE_HEALTH,
            this::onHealth).completion());
  }

  private void refreshOwnership() {
    for (String symbol : config.symbols()) {
      boolean owned = ownership.owns(symbol);
      if (owned && !feeds.containsKey(symbol)) {
        SymbolFeed feed = new SymbolFeed(symbol, config);
        unhealthy.forEach(venue -> feed.venueHealth(venue, false));
        feeds.put(symbol, feed);
        tapes.put(symbol, new TradeTape(symbol, config.trades()));
      } else if (!owned && feeds.remove(symbol) != null) {
        tapes.remove(symbol);
        LOG.info("symbol {} is no longer aggregated here", symbol);
      }
    }
  }

  private void onTick(Message<Tick> message) {
    Tick tick = message.body();
    SymbolFeed feed = feeds.get(tick.symbol());
    if (feed != null) {
      feed.offer(tick);
      poll(feed, System.currentTimeMillis(), tick.receivedAt());
    }
  }

  private void onBook(Message<BookEvent> message) {
    BookEvent event = message.body();
    SymbolFeed feed = feeds.get(event.symbol());
    if (feed != null) {
      if (!feed.offer(event)) {
        metrics.bookRefused(event.venue());
      }
      pollBook(feed, System.currentTimeMillis());
    }
  }

  private void onTrade(Message<Trade> message) {
    Trade trade = message.body();
    TradeTape tape = tapes.get(trade.symbol());
    if (tape == null) {
      return;
    }
    switch (tape.offer(trade)) {
      case QUEUED -> {
        feeds.get(trade.symbol()).trade(trade);
        pollTrades(tape, System.currentTimeMillis());
      }
      case REPEAT -> metrics.tradeRepeat(trade.venue());
      case INVALID -> metrics.tradeInvalid(trade.venue());
    }
  }

  private void onHealth(Message<JsonObject> message) {
    String venue = message.body().getString("venue");
    boolean healthy = Boolean.TRUE.equals(message.body().getBoolean("healthy"));
    if (venue == null) {
      return;
    }
    if (healthy) {
      unhealthy.remove(venue);
    } else {
      unhealthy.add(venue);
    }
    feeds.values().forEach(feed -> feed.venueHealth(venue, healthy));
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    for (SymbolFeed feed : feeds.values()) {
      // Held back by the rate or republished on the heartbeat: not an aggregation latency.
      poll(feed, now, -1);
      pollBook(feed, now);
    }
    tapes.values().forEach(tape -> pollTrades(tape, now));
  }

  /** Publishes the tape's next batch if one is due; reports trades a flood made it drop. */
  private void pollTrades(TradeTape tape, long now) {
    JsonObject batch = tape.poll(now);
    if (batch == null) {
      return;
    }
    String symbol = batch.getString("symbol");
    long dropped = tape.takeDropped();
    if (dropped > 0) {
      metrics.tradesDropped(symbol, dropped);
      if (dropLog.allow(now)) {
        LOG.warn("trades of {} come faster than {} messages of {} a second: {} dropped ({} more "
            + "warnings held back)", symbol, config.trades().maxRatePerSec(),
            config.trades().maxPerMessage(), dropped, dropLog.suppressed());
      }
    }
    publish(Channels.trades(symbol), batch);
  }

  /** Publishes the consolidated book of {@code feed} if it changed and the rate allows. */
  private void pollBook(SymbolFeed feed, long now) {
    JsonObject book = feed.pollBook(now);
    if (book == null) {
      return;
    }
    vertx.eventBus().publish(Addresses.PRICES_BOOK_UPDATES, book);
    publish(Channels.book(feed.symbol()), book);
  }

  /**
   * Publishes what {@code feed} has at {@code now}; {@code quoteAt} is when the quote that made
   * it arrived, or -1 when no single quote did (the sweep).
   */
  private void poll(SymbolFeed feed, long now, long quoteAt) {
    PriceUpdate update = feed.poll(now);
    if (update == null) {
      return;
    }
    vertx.eventBus().publish(Addresses.PRICES_UPDATES, update.toUpdateJson());
    metrics.published(update.symbol());
    update.excluded().forEach(metrics::excluded);
    publish(Channels.prices(update.symbol()), update.toJson()).onSuccess(ignored -> {
      if (quoteAt > 0) {
        metrics.aggregated(quoteAt, System.currentTimeMillis());
      }
    });
  }

  private Future<?> publish(String channel, JsonObject data) {
    return output.publish(channel, data);
  }
}
