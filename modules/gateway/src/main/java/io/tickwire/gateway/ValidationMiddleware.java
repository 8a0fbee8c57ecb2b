package io.tickwire.gateway;

import io.tickwire.protocol.ClientFrames;
import io.tickwire.protocol.ProtocolException;

/** Parses and validates the frame; a bad one gets a precise {@code bad_request}. */
final class ValidationMiddleware implements Middleware {

  private final GatewayMetrics metrics;

  ValidationMiddleware(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(FrameContext context) {
    try {
      context.frame = ClientFrames.parse(context.text);
      metrics.frameIn(context.frame.type()).increment();
    } catch (ProtocolException e) {
      metrics.frameIn("invalid").increment();
      context.reject(e);
    }
  }
}
