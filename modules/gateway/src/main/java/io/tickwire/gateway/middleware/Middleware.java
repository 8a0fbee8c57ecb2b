package io.tickwire.gateway.middleware;

import io.tickwire.gateway.endpoint.FrameContext;

/**
 * One stage of the inbound chain (logging, rate limit, validation, access control). A stage
 * runs on the connection's event loop, does no I/O and must not block; it passes the frame on by
 * returning, or stops it with {@link FrameContext#reject} or {@link FrameContext#stop}.
 */
@FunctionalInterface
public interface Middleware {

  void handle(FrameContext context);
}
