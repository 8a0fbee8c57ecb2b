package io.tickwire.prices;

import io.tickwire.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one configured price source and turns what it says into events of this node: quotes to
 * the price feed, health changes to the feed and to the {@link VenueBoard}, and meters for
 * ticks, malformed messages (logged at most once per {@value #LOG_INTERVAL_MS} ms per venue),
 * reconnects and sequence gaps.
 *
 * <p>Produces {@link Addresses#PRICES_TICKS} and {@link Addresses#PRICES_VENUE_HEALTH}, both
 * node-local. Config: one {@code prices.venues.<name>} section. One instance per source; the
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
  private final Map<String, LogLimiter> logLimits = new HashMap<>();
  private PriceSource source;

  VenueVerticle(VenueConfig config, PricesMetrics metrics, VenueBoard board) {
    this.config = config;
    this.metrics = metrics;
    this.board = board;
  }

  /** The source a venue configuration describes. */
  static PriceSource source(VenueConfig config) {
    return switch (config.type()) {
      case SIMULATED -> new SimulatedSource(config);
      case COINBASE -> new WebSocketSource(config,
          () -> new CoinbaseProtocol(config.name(), config.symbols()));
      case BINANCE -> new WebSocketSource(config,
          () -> new BinanceProtocol(config.name(), config.symbols()));
      case KRAKEN -> new WebSocketSource(config,
          () -> new KrakenProtocol(config.name(), config.symbols()));
    };
  }

  @Override
  public Future<?> start() {
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
      vertx.eventBus().publish(Addresses.PRICES_TICKS, tick, LOCAL);
    }

    @Override
    public void health(String venue, boolean healthy, String reason) {
      board.update(venue, healthy, reason, System.currentTimeMillis());
      vertx.eventBus().publish(Addresses.PRICES_VENUE_HEALTH, new JsonObject()
          .put("venue", venue).put("healthy", healthy).put("reason", reason), LOCAL);
      if (healthy) {
        LOG.info("venue {} is healthy", venue);
      } else if (VenueHealth.CONNECTING.equals(reason)) {
        LOG.info("venue {}: connecting", venue);
      } else {
        LOG.warn("venue {} is unhealthy ({}) and excluded until it recovers", venue, reason);
      }
    }

    @Override
    public void malformed(String venue, String reason, String detail, String message) {
      metrics.malformed(venue, reason);
      LogLimiter limiter = logLimits.computeIfAbsent(venue, v -> new LogLimiter(LOG_INTERVAL_MS));
      if (limiter.allow(System.currentTimeMillis())) {
        LOG.warn("venue {} sent a message that cannot be used ({}: {}; {} more held back): {}",
            venue, reason, detail, limiter.suppressed(), shorten(message));
      }
    }

    @Override
    public void reconnecting(String venue, long delayMs, String why) {
      metrics.reconnect(venue);
      LOG.info("venue {}: {}; connecting again in {} ms", venue, why, delayMs);
    }

    @Override
    public void gap(String venue, String detail) {
      metrics.gap(venue);
      LOG.warn("venue {}: {}; resubscribed", venue, detail);
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
