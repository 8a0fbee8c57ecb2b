package io.tickwire.gateway;

import io.tickwire.protocol.ChannelMessage;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * One channel of one connection: where the connection stands in it, and the live messages held
 * back while its recovery is under way. Owned by the connection's event loop.
 */
final class Subscription {

  final String channel;
  final NamespacePolicy policy;
  long lastSeq;
  String epoch;
  /** Live messages that arrived before the recovery answer; {@code null} once recovered. */
  List<ChannelMessage> held = new ArrayList<>();
  /** Completes when the recovery answer arrived (the subscription is then granted or gone). */
  Future<Void> ready = Future.succeededFuture();

  Subscription(String channel, NamespacePolicy policy) {
    this.channel = channel;
    this.policy = policy;
  }

  boolean recovering() {
    return held != null;
  }

  /** Whether stream messages between the last one seen and {@code message} never arrived. */
  boolean missing(ChannelMessage message) {
    return !policy.latest() && message.epoch().equals(epoch) && message.seq() > lastSeq + 1;
  }

  /** Whether {@code message} is new to this subscriber (a message seen before is dropped). */
  boolean advance(ChannelMessage message) {
    if (message.epoch().equals(epoch) && message.seq() <= lastSeq) {
      return false;
    }
    lastSeq = message.seq();
    epoch = message.epoch();
    return true;
  }
}
