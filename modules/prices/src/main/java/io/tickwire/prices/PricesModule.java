package io.tickwire.prices;

import io.tickwire.protocol.Channels;
import io.tickwire.runtime.Ownership;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Deploys the price feed on a node, consumers before producers: history and snapshots, the
 * aggregating feed, the market overview, then one verticle per enabled venue source.
 * {@link Deployments#undeployAll()} takes them down in reverse, venues first. Deploy it after
 * the gateway's channel log, which it publishes through.
 */
public final class PricesModule {

  /**
   * The ownership key of the market overview's publisher; symbols are owned under their own
   * names. A member aggregates and publishes {@code prices.<SYMBOL>} only for the symbols it
   * owns, and {@code market.overview} only if it owns this key.
   */
  public static final String OVERVIEW = Channels.MARKET_OVERVIEW;

  /** The name of the node's {@code /health} detail. */
  public static final String HEALTH_DETAIL = "prices";

  private PricesModule() {
  }

  /** Deploys everything {@code config} asks for; nothing when it is disabled. */
  public static Future<Void> deploy(Deployments deployments, PricesConfig config, NodeContext node,
      Ownership ownership) {
    if (!config.enabled()) {
      return Future.succeededFuture();
    }
    Vertx vertx = deployments.vertx();
    registerCodec(vertx);
    PricesMetrics metrics = new PricesMetrics(node.registry());
    VenueBoard board = new VenueBoard(node.registry());
    node.health().put(HEALTH_DETAIL, board::toJson);
    Future<String> deployed = deployments.deploy(
            () -> new PriceHistoryVerticle(config, ownership, metrics,
                System::currentTimeMillis), 1)
        .compose(id -> deployments.deploy(
            () -> new PriceFeedVerticle(config, ownership, metrics), 1))
        .compose(id -> deployments.deploy(
            () -> new MarketOverviewVerticle(config, ownership, metrics), 1));
    for (VenueConfig venue : config.activeVenues()) {
      deployed = deployed.compose(id -> deployments.deploy(
          () -> new VenueVerticle(venue, metrics, board, config.staleAfterMs()), 1));
    }
    return deployed.mapEmpty();
  }

  private static void registerCodec(Vertx vertx) {
    try {
      vertx.eventBus().registerDefaultCodec(Tick.class, new LocalCodec<>("tickwire-tick"));
      vertx.eventBus().registerDefaultCodec(BookEvent.class, new LocalCodec<>("tickwire-book"));
      vertx.eventBus().registerDefaultCodec(Trade.class, new LocalCodec<>("tickwire-trade"));
    } catch (IllegalStateException alreadyRegistered) {
      // Another deployment on this Vert.x instance registered the same codecs.
    }
  }
}
