package io.tickwire.prices;

import io.tickwire.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one configured price source and turns what it says into events of this node: quotes to
 * the price feed, health changes to the feed and to the {@link VenueBoard}, and meters for
 * ticks, malformed messages, reconnects and sequence gaps. Each kind of log line (malformed
 * messages, health changes, reconnects, gaps) is written at most once per
 * {@value #LOG_INTERVAL_MS} ms per venue, with the count held back; a health change held back is
 * followed by a line with the venue's health once the interval is over, so the log never ends on
 * a state the venue has left. Configured symbols a venue has not quoted {@code unquotedAfterMs}
 * after it first became healthy are logged and shown on the board until they quote.
 *
 * <p>Produces {@link Addresses#PRICES_TICKS}, {@link Addresses#PRICES_BOOKS},
 * {@link Addresses#PRICES_TRADES} and {@link Addresses#PRICES_VENUE_HEALTH}, all node-local. Config: one {@code prices.venues.<name>} section. One instance per source; the
 * source runs on this verticle's event loop; {@code stop()} closes its connections.
 */
public final class VenueVerticle extends VerticleBase {

  static final long LOG_INTERVAL_MS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(VenueVerticle.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final int MAX_LOGGED_CHARS = 200;

  private final VenueConfig config;
  private final PricesMetrics metrics;
  private final VenueBoard board;
  private final long logIntervalMs;
  // By kind of line and venue.
  private final Map<String, LogLimiter> logLimits = new HashMap<>();
  // Venues whose held-back health change is still to be logged.
  private final Set<String> healthPending = new HashSet<>();
  private final long unquotedAfterMs;
  // Venue → the configured symbols it has not quoted yet; a venue leaves once it quoted them all.
  private final Map<String, Set<String>> unquoted = new HashMap<>();
  // Venues whose first healthy moment started the unquoted-symbols check, and those warned.
  private final Set<String> checking = new HashSet<>();
  private final Set<String> warned = new HashSet<>();
  private PriceSource source;

  /**
   * @param unquotedAfterMs how long after a venue first became healthy a configured symbol it
   *     has not quoted is reported (the feed's {@code staleAfterMs})
   */
  VenueVerticle(VenueConfig config, PricesMetrics metrics, VenueBoard board,
      long unquotedAfterMs) {
    this(config, metrics, board, unquotedAfterMs, LOG_INTERVAL_MS);
  }

  /** @param logIntervalMs the shortest time between two log lines of one kind and venue */
  VenueVerticle(VenueConfig config, PricesMetrics metrics, VenueBoard board, long unquotedAfterMs,
      long logIntervalMs) {
    this.config = config;
    this.metrics = metrics;
    this.board = board;
    this.unquotedAfterMs = unquotedAfterMs;
    this.logIntervalMs = logIntervalMs;
  }

  /** The source a venue configuration describes. */
  static PriceSource source(VenueConfig config) {
    return switch (config.type()) {
      case SIMULATED -> new SimulatedSource(config);
      case COINBASE -> new WebSocketSource(config,
          () -> new CoinbaseProtocol(config.name(), config.symbols()));
      case BINANCE -> new WebSocketSource(config,
          () -> new BinanceProtocol(config.name(), config.symbols(), config.restUrl()));
      case KRAKEN -> new WebSocketSource(config,
          () -> new KrakenProtocol(config.name(), config.symbols()));
    };
  }

  @Override
  public Future<?> start() {
    for (String venue : config.venueNames()) {
      unquoted.put(venue, new HashSet<>(config.symbols().keySet()));
    }
    source = source(config);
    return source.start(vertx, new Listener());
  }

  @Override
  public Future<?> stop() {
    return source.stop();
  }

  private final class Listener implements PriceSource.SourceListener {

    @Override
    public void tick(Tick tick) {
      metrics.tick(tick.venue());
      Set<String> silent = unquoted.get(tick.venue());
      if (silent != null && silent.remove(tick.symbol())) {
        if (silent.isEmpty()) {
          unquoted.remove(tick.venue());
        }
        if (warned.contains(tick.venue())) {
          board.unquoted(tick.venue(), silent);
        }
      }
      vertx.eventBus().publish(Addresses.PRICES_TICKS, tick, LOCAL);
    }

    @Override
    public void book(BookEvent book) {
      vertx.eventBus().publish(Addresses.PRICES_BOOKS, book, LOCAL);
    }

    @Override
    public void trade(Trade trade) {
      vertx.eventBus().publish(Addresses.PRICES_TRADES, trade, LOCAL);
    }

    @Override
    public void health(String venue, boolean healthy, String reason) {
      long now = System.currentTimeMillis();
      board.update(venue, healthy, reason, now);
      vertx.eventBus().publish(Addresses.PRICES_VENUE_HEALTH, new JsonObject()
          .put("venue", venue).put("healthy", healthy).put("reason", reason), LOCAL);
      if (VenueHealth.CONNECTING.equals(reason)) {
        // Once per start, so it cannot flood, and it must not hold back the line that follows.
        LOG.info("venue {}: connecting", venue);
        return;
      }
      if (healthy && checking.add(venue)) {
        vertx.setTimer(unquotedAfterMs, ignored -> checkUnquoted(venue));
      }
      LogLimiter limiter = limiter("health", venue);
      if (limiter.allow(now)) {
        logHealth(venue, healthy, reason, limiter.suppressed());
      } else if (healthPending.add(venue)) {
        vertx.setTimer(Math.max(1, limiter.waitMs(now)), ignored -> heldBackHealth(venue));
      }
    }

    @Override
    public void malformed(String venue, String reason, String detail, String message) {
      metrics.malformed(venue, reason);
      LogLimiter limiter = limiter("malformed", venue);
      if (limiter.allow(System.currentTimeMillis())) {
        LOG.warn("venue {} sent a message that cannot be used ({}: {}; {} more held back): {}",
            venue, reason, detail, limiter.suppressed(), shorten(message));
      }
    }

    @Override
    public void reconnecting(String venue, long delayMs, String why) {
      metrics.reconnect(venue);
      LogLimiter limiter = limiter("reconnect", venue);
      if (limiter.allow(System.currentTimeMillis())) {
        LOG.info("venue {}: {}; connecting again in {} ms ({} more reconnects held back)", venue,
            why, delayMs, limiter.suppressed());
      }
    }

    @Override
    public void gap(String venue, String detail) {
      metrics.gap(venue);
      LogLimiter limiter = limiter("gap", venue);
      if (limiter.allow(System.currentTimeMillis())) {
        LOG.warn("venue {}: {}; resubscribed ({} more gaps held back)", venue, detail,
            limiter.suppressed());
      }
    }
  }

  private LogLimiter limiter(String kind, String venue) {
    return logLimits.computeIfAbsent(kind + ' ' + venue, key -> new LogLimiter(logIntervalMs));
  }

  /**
   * A while after the venue first became healthy: the configured symbols it has not quoted are
   * most likely misspelt or not listed there, which would otherwise only show as a venue missing
   * from the symbol's {@code venues}.
   */
  private void checkUnquoted(String venue) {
    Set<String> silent = unquoted.get(venue);
    if (silent == null) {
      return;
    }
    warned.add(venue);
    board.unquoted(venue, silent);
    LogLimiter limiter = limiter("unquoted", venue);
    if (limiter.allow(System.currentTimeMillis())) {
      List<String> pairs = silent.stream().sorted()
          .map(symbol -> symbol + " as '" + config.symbols().get(symbol) + "'").toList();
      LOG.warn("venue {} has quoted nothing for {} within {} ms of connecting: check that the "
          + "venue lists them under these names", venue, pairs, unquotedAfterMs);
    }
  }

  /** The interval after a held-back health change is over: says where the venue is now. */
  private void heldBackHealth(String venue) {
    healthPending.remove(venue);
    VenueBoard.Status status = board.status(venue);
    LogLimiter limiter = limiter("health", venue);
    if (status != null && limiter.allow(System.currentTimeMillis())) {
      logHealth(venue, status.healthy(), status.reason(), limiter.suppressed());
    }
  }

  private static void logHealth(String venue, boolean healthy, String reason, long heldBack) {
    if (healthy) {
      LOG.info("venue {} is healthy ({} health changes held back)", venue, heldBack);
    } else {
      LOG.warn("venue {} is unhealthy ({}) and excluded until it recovers ({} health changes "
          + "held back)", venue, reason, heldBack);
    }
  }

  /** The start of a venue's message, on one line and without control characters. */
  static String shorten(String message) {
    int length = Math.min(message.length(), MAX_LOGGED_CHARS);
    StringBuilder text = new StringBuilder(length + 1);
    for (int i = 0; i < length; i++) {
      char c = message.charAt(i);
      text.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return message.length() > MAX_LOGGED_CHARS ? text.append('…').toString() : text.toString();
  }
}
