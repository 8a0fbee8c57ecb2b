package io.tickwire.gateway.middleware;

import io.tickwire.gateway.GatewayMetrics;
import io.tickwire.gateway.endpoint.FrameContext;
import io.tickwire.protocol.ClientFrames;
import io.tickwire.protocol.ProtocolException;

/**
 * Parses and validates the frame; a bad one gets a precise {@code bad_request}, and so does a
 * frame naming more channels than a connection may subscribe to, and a MessagePack frame that
 * has no JSON form.
 */
public final class ValidationMiddleware implements Middleware {

  private final GatewayMetrics metrics;
  private final int maxChannels;

  public ValidationMiddleware(GatewayMetrics metrics, int maxChannels) {
    this.metrics = metrics;
    this.maxChannels = maxChannels;
  }

  @Override
  public void handle(FrameContext context) {
    try {
      if (context.unreadable() != null) {
        throw context.unreadable();
      }
      context.frame(ClientFrames.parse(context.text(), maxChannels));
      metrics.frameIn(context.frame().type()).increment();
    } catch (ProtocolException e) {
      metrics.frameIn("invalid").increment();
      context.reject(e);
    }
  }
}
