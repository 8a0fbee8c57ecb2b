package io.tickwire.gateway;

import io.tickwire.channels.NamespacePolicy;
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
  /** Set when the subscription leaves the fan-out. */
  boolean left;

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
    boolean sameEpoch = message.epoch().equals(epoch);
    if (sameEpoch && message.seq() <= lastSeq) {
      return false;
    }
    lastSeq = message.seq();
    if (!sameEpoch) {
      // Stored only when it changes: a reference written into this long-lived object at every
      // message dirties a GC card per subscriber per message (G1's refinement then pays for it).
      epoch = message.epoch();
    }
    return true;
  }
}
