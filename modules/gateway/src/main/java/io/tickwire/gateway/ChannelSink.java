package io.tickwire.gateway;

import io.tickwire.protocol.ChannelMessage;

/**
 * Where {@link Fanout} writes a channel's live messages: a WebSocket {@link Session} or an
 * {@link SseStream}. Called on the owning gateway instance's event loop.
 */
interface ChannelSink {

  /** Delivers a live message of {@code subscription}, following the channel's mode. */
  void deliver(Subscription subscription, ChannelMessage message);
}
