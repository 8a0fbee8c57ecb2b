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
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market overview: every {@code overviewIntervalMs} publishes {@code market.overview} with
 * every symbol's latest price and 24-hour change and the top gainers and losers
 * ({@link MarketOverview}), once at least one price is known.
 *
 * <p>Consumes {@link Addresses#PRICES_UPDATES} (cluster-wide); produces {@code market.overview}
 * through the channel log, only on the member that {@link Ownership owns}
 * {@link PricesModule#OVERVIEW}. Config: {@code prices} (symbols, overviewIntervalMs,
 * overviewTop). Single instance; its state lives on its event loop.
 */
public final class MarketOverviewVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MarketOverviewVerticle.class);

  private final PricesConfig config;
  private final Ownership ownership;
  private final PricesMetrics metrics;
  private final Map<String, PriceUpdate> latest = new HashMap<>();
  private ChannelOutput output;

  MarketOverviewVerticle(PricesConfig config, Ownership ownership, PricesMetrics metrics) {
    this.config = config;
    this.ownership = ownership;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    output = new ChannelOutput(new ChannelPublisher(vertx), metrics, LOG);
    vertx.setPeriodic(config.overviewIntervalMs(), ignored -> publish());
    return vertx.eventBus().<JsonObject>consumer(Addresses.PRICES_UPDATES, this::onUpdate)
        .completion();
  }

  private void onUpdate(Message<JsonObject> message) {
    try {
      PriceUpdate update = PriceUpdate.fromJson(message.body());
      PriceUpdate previous = latest.get(update.symbol());
      if (config.symbols().contains(update.symbol())
          && (previous == null || previous.ts() <= update.ts())) {
        latest.put(update.symbol(), update);
      }
    } catch (IllegalArgumentException e) {
      // Counted once, by the history verticle, which reads the same stream.
    }
  }

  private void publish() {
    if (latest.isEmpty() || !ownership.owns(PricesModule.OVERVIEW)) {
      return;
    }
    JsonObject overview = MarketOverview.build(config.symbols(), latest, config.overviewTop(),
        System.currentTimeMillis());
    output.publish(Channels.MARKET_OVERVIEW, overview);
  }
}
