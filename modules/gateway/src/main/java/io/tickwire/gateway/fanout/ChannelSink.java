package io.tickwire.gateway.fanout;

import io.tickwire.protocol.ChannelMessage;

/**
 * Where {@link Fanout} writes a channel's live messages: a WebSocket session or an SSE stream.
 * Called on the owning gateway instance's event loop.
 */
public interface ChannelSink {

  /**
   * Delivers a live message of {@code subscription}, following the channel's mode. Answers
   * whether the message was written at once, for the caller to count as delivered; a message
   * that waits (slow connection, recovery under way) is counted by the sink when it writes it.
   */
  boolean deliver(Subscription subscription, ChannelMessage message);
}
