package io.tickwire.gateway.endpoint;

import io.tickwire.gateway.fanout.Fanout;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelName;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells services how many local subscribers the channels of a namespace have, for the
 * namespaces a service asked for on {@link Addresses#SUBSCRIBERS_SYNC} (the transaction monitor
 * watches a wallet while {@code wallet.<address>} has subscribers). Announces on
 * {@link Addresses#subscribers(String)}: once per granted or left subscription, never per
 * message. Confined to its gateway instance's event loop.
 */
final class SubscriberAnnouncer {

  private final EventBus eventBus;
  private final Fanout fanout;
  private final String holder;
  private final Set<String> namespaces = new HashSet<>();

  SubscriberAnnouncer(EventBus eventBus, Fanout fanout, String holder) {
    this.eventBus = eventBus;
    this.fanout = fanout;
    this.holder = holder;
  }

  /** A subscription to {@code channel} was granted and its {@code subscribed} frame sent. */
  void joined(String channel) {
    announce(channel, "joined");
  }

  /** A subscriber left {@code channel}. */
  void left(String channel) {
    announce(channel, "left");
  }

  /** A service asked for {@code namespace}: announce it from now on, starting with a snapshot. */
  void sync(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      return;
    }
    namespaces.add(namespace);
    JsonObject channels = new JsonObject();
    fanout.subscribers(namespace).forEach(channels::put);
    eventBus.publish(Addresses.subscribers(namespace), new JsonObject().put("holder", holder)
        .put("reason", "sync").put("channels", channels));
  }

  private void announce(String channel, String reason) {
    String namespace = ChannelName.namespaceOf(channel);
    if (namespaces.contains(namespace)) {
      eventBus.publish(Addresses.subscribers(namespace), new JsonObject().put("holder", holder)
          .put("channel", channel).put("subscribers", fanout.count(channel)).put("reason", reason));
    }
  }
}
