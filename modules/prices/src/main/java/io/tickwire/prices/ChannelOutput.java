package io.tickwire.prices;

import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.LogContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;

/**
 * Publishes to channels for one verticle: a failed publication is counted and logged, at most one
 * line per {@link VenueVerticle#LOG_INTERVAL_MS}, inside the channel's log context.
 */
final class ChannelOutput {

  private final ChannelPublisher publisher;
  private final PricesMetrics metrics;
  private final Logger log;
  private final LogLimiter failureLog = new LogLimiter(VenueVerticle.LOG_INTERVAL_MS);

  ChannelOutput(ChannelPublisher publisher, PricesMetrics metrics, Logger log) {
    this.publisher = publisher;
    this.metrics = metrics;
    this.log = log;
  }

  /** Publishes {@code data} to {@code channel}; the future fails as the publication did. */
  Future<?> publish(String channel, JsonObject data) {
    return publisher.publish(channel, data).onFailure(failure -> {
      metrics.publishFailed();
      if (failureLog.allow(System.currentTimeMillis())) {
        try (LogContext.Scope ignored = LogContext.channel(channel)) {
          log.warn("publishing to {} failed ({} more held back): {}", channel,
              failureLog.suppressed(), failure.getMessage());
        }
      }
    });
  }
}
