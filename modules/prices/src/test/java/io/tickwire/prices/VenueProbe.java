package io.tickwire.prices;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickwire.protocol.Addresses;
import io.tickwire.testkit.core.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

/**
 * Runs one {@link VenueVerticle} on a Vert.x of its own and listens to what it tells the node:
 * ticks, book news, trades, health changes and meters.
 */
final class VenueProbe implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final PricesMetrics metrics = new PricesMetrics(registry);
  final VenueBoard board = new VenueBoard(registry);
  final BlockingQueue<Tick> ticks = new LinkedBlockingQueue<>();
  final BlockingQueue<BookEvent> books = new LinkedBlockingQueue<>();
  final BlockingQueue<Trade> trades = new LinkedBlockingQueue<>();
  final BlockingQueue<JsonObject> health = new LinkedBlockingQueue<>();
  private String deployment;

  VenueProbe() {
    vertx.eventBus().registerDefaultCodec(Tick.class, new LocalCodec<>("tickwire-tick"));
    vertx.eventBus().registerDefaultCodec(BookEvent.class, new LocalCodec<>("tickwire-book"));
    vertx.eventBus().registerDefaultCodec(Trade.class, new LocalCodec<>("tickwire-trade"));
    Await.result(vertx.eventBus().<BookEvent>localConsumer(Addresses.PRICES_BOOKS,
        message -> books.add(message.body())).completion());
    Await.result(vertx.eventBus().<Trade>localConsumer(Addresses.PRICES_TRADES,
        message -> trades.add(message.body())).completion());
    Await.result(vertx.eventBus().<Tick>localConsumer(Addresses.PRICES_TICKS,
        message -> ticks.add(message.body())).completion());
    Await.result(vertx.eventBus().<JsonObject>localConsumer(Addresses.PRICES_VENUE_HEALTH,
        message -> health.add(message.body())).completion());
  }

  /** Deploys the venue's verticle. */
  VenueProbe deploy(VenueConfig config) {
    return deploy(config, PricesConfig.DEFAULT_STALE_AFTER_MS, VenueVerticle.LOG_INTERVAL_MS);
  }

  /**
   * Deploys the venue's verticle, reporting symbols not quoted after {@code unquotedAfterMs} and
   * logging each kind of line at most once per {@code logIntervalMs}.
   */
  VenueProbe deploy(VenueConfig config, long unquotedAfterMs, long logIntervalMs) {
    deployment = Await.result(vertx.deployVerticle(
        new VenueVerticle(config, metrics, board, unquotedAfterMs, logIntervalMs)));
    return this;
  }

  void undeploy() {
    Await.result(vertx.undeploy(deployment));
  }

  Tick nextTick() {
    return Await.next(ticks, "tick");
  }

  BookEvent nextBook() {
    return Await.next(books, "book event");
  }

  Trade nextTrade() {
    return Await.next(trades, "trade");
  }

  /** Skips health reports until one matches; answers it. */
  JsonObject health(Predicate<JsonObject> match) {
    while (true) {
      JsonObject report = Await.next(health, "health report");
      if (match.test(report)) {
        return report;
      }
    }
  }

  JsonObject healthy() {
    return health(report -> report.getBoolean("healthy"));
  }

  JsonObject unhealthy(String reason) {
    return health(report -> !report.getBoolean("healthy") && reason.equals(
        report.getString("reason")));
  }

  double count(String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Override
  public void close() {
    Await.result(vertx.close());
  }
}
