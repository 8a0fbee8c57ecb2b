package io.tickwire.gateway.endpoint;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.gateway.config.HeartbeatConfig;
import io.tickwire.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Heartbeat: the node's clock for WebSocket pings. Every {@code intervalMs} it tells each
 * gateway instance of the node to ping its connections (a connection that left
 * {@code missedPongs} pings unanswered is closed with 4000 by its gateway); it gathers the
 * instances' connection-quality counts into the gauge {@code tickwire.heartbeat.connections}
 * tagged {@code quality=good|fair|poor|unknown}.
 *
 * <p>Produces {@link Addresses#HEARTBEAT_TICK} (node-local); consumes
 * {@link Addresses#HEARTBEAT_REPORT}. Config: {@code heartbeat}. Single instance; its state is
 * confined to its event loop, the gauges read atomics.
 */
public final class HeartbeatVerticle extends VerticleBase {

  private final HeartbeatConfig config;
  private final MeterRegistry registry;
  private final Map<String, JsonObject> reports = new HashMap<>();
  private final Map<QualityRater.Quality, AtomicInteger> totals = new HashMap<>();

  public HeartbeatVerticle(HeartbeatConfig config, MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    for (QualityRater.Quality quality : QualityRater.Quality.values()) {
      AtomicInteger total = new AtomicInteger();
      totals.put(quality, total);
      Gauge.builder("tickwire.heartbeat.connections", total, AtomicInteger::get)
          .description("Connections by quality of their last ping round trip")
          .tag("quality", quality.name().toLowerCase(Locale.ROOT)).register(registry);
    }
    DeliveryOptions local = new DeliveryOptions().setLocalOnly(true);
    vertx.setPeriodic(config.intervalMs(), ignored -> {
      vertx.eventBus().publish(Addresses.HEARTBEAT_TICK, System.currentTimeMillis(), local);
    });
    return vertx.eventBus().<JsonObject>localConsumer(Addresses.HEARTBEAT_REPORT, message -> {
      reports.put(message.body().getString("instance"), message.body());
      for (QualityRater.Quality quality : QualityRater.Quality.values()) {
        String key = quality.name().toLowerCase(Locale.ROOT);
        totals.get(quality).set(reports.values().stream()
            .mapToInt(report -> report.getInteger(key, 0)).sum());
      }
    }).completion();
  }
}
