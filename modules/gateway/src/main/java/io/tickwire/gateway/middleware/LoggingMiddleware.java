package io.tickwire.gateway.middleware;

import io.tickwire.gateway.endpoint.FrameContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every inbound frame at debug level, with session, user and size (never the content). */
public final class LoggingMiddleware implements Middleware {

  private static final Logger LOG = LoggerFactory.getLogger("io.tickwire.gateway.frames");

  @Override
  public void handle(FrameContext context) {
    if (LOG.isDebugEnabled()) {
      // Session and user are in the log context (GatewayVerticle sets it around each frame).
      LOG.debug("frame in bytes={}", context.text().length());
    }
  }
}
