package io.tickwire.prices;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * The simulated venues of one {@code type: simulated} source: a {@link SimulatedMarket} stepped
 * {@code ticksPerSec} times a second on the verticle's event loop. Its venues are healthy while
 * it runs; a quiet venue in an incident simply stops quoting, which the aggregator sees as
 * stale. Each quote is followed by the trades behind it ({@link SimulatedTrades}).
 */
final class SimulatedSource implements PriceSource {

  private final VenueConfig config;
  private Vertx vertx;
  private long timer = -1;

  SimulatedSource(VenueConfig config) {
    this.config = config;
  }

  @Override
  public Future<Void> start(Vertx vertx, SourceListener listener) {
    this.vertx = vertx;
    SimulationConfig simulation = config.simulation();
    SimulatedMarket market = new SimulatedMarket(simulation, List.copyOf(config.symbols().keySet()),
        System.currentTimeMillis());
    for (String venue : simulation.venues()) {
      listener.health(venue, true, null);
    }
    SimulatedTrades trades = new SimulatedTrades(simulation.seed());
    long periodMs = Math.max(1, Math.round(1000 / simulation.ticksPerSec()));
    timer = vertx.setPeriodic(periodMs, ignored -> {
      for (Tick tick : market.step(System.currentTimeMillis())) {
        listener.tick(tick);
        trades.of(tick).forEach(listener::trade);
      }
      market.books().forEach(listener::book);
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return Future.succeededFuture();
  }
}
