package io.tickwire.gateway.middleware;

import io.tickwire.gateway.GatewayMetrics;
import io.tickwire.gateway.config.GatewayConfig;
import io.tickwire.gateway.endpoint.FrameContext;
import io.tickwire.gateway.endpoint.Session;
import io.tickwire.protocol.ClientFrames;
import io.tickwire.protocol.CloseCode;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonObject;

/**
 * Token bucket per connection. A frame over the limit gets {@code rate_limited} and is not
 * processed; more than {@code maxViolations} refusals within {@code violationWindowMs} close the
 * connection with 4008.
 */
public final class RateLimitMiddleware implements Middleware {

  private final GatewayConfig.RateLimit limit;
  private final GatewayMetrics metrics;
  private final long windowNanos;

  public RateLimitMiddleware(GatewayConfig.RateLimit limit, GatewayMetrics metrics) {
    this.limit = limit;
    this.metrics = metrics;
    this.windowNanos = limit.violationWindowMs() * 1_000_000;
  }

  @Override
  public void handle(FrameContext context) {
    Session session = context.session();
    long now = context.receivedNanos();
    if (session.bucket(now).tryTake(now)) {
      return;
    }
    metrics.rateLimited().increment();
    if (session.refused(now, windowNanos) > limit.maxViolations()) {
      session.close(CloseCode.POLICY_VIOLATION, "rate limit exceeded persistently");
      context.stop();
      return;
    }
    context.reject(new ProtocolException(ErrorCode.RATE_LIMITED, "too many frames: the limit is "
        + limit.framesPerSec() + " per second, burst " + limit.burst(), idOf(context.text()),
        null));
  }

  /** The frame's id, so the client can tell which frame was refused; parsing is bounded by 4008. */
  private static String idOf(String text) {
    try {
      Object id = new JsonObject(text).getValue("id");
      return id instanceof String value && value.length() <= ClientFrames.MAX_ID_LENGTH
          ? value : null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
