package io.tickwire.gateway.middleware;

import io.tickwire.gateway.config.GatewayConfig;
import io.tickwire.gateway.endpoint.FrameContext;
import io.tickwire.gateway.endpoint.Session;
import io.tickwire.protocol.ClientFrames;
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

  public RateLimitMiddleware(GatewayConfig.RateLimit limit) {
    this.limit = limit;
  }

  @Override
  public void handle(FrameContext context) {
    Session session = context.session();
    long now = context.receivedNanos();
    if (session.bucket(now).tryTake(now)) {
      return;
    }
    if (session.overRateLimit(now)) {
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
