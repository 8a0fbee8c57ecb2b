package io.tickwire.runtime;

import io.vertx.core.Future;

/**
 * Serves one request method. Runs on the registering verticle's context; it must not block.
 * A result is any JSON value; a failure with a {@link io.tickwire.protocol.ProtocolException}
 * reaches the client with that code and message, any other failure as {@code internal}.
 */
@FunctionalInterface
public interface MethodHandler {

  Future<?> handle(MethodCall call);
}
