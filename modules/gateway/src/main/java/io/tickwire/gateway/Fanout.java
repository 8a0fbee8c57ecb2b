package io.tickwire.gateway;

import io.micrometer.core.instrument.Counter;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelMessage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The channels of one gateway instance: one event-bus consumer per channel, registered on the
 * first local subscriber and unregistered with the last, and the subscribers (WebSocket sessions
 * and SSE streams) each message is written to. Confined to the instance's event loop.
 *
 * <p>Metrics are paid once per message, not once per subscriber: the delivery latency is recorded
 * when a message reaches this instance's fan-out, and the subscribers it was written to at once
 * are added to the namespace's {@code delivered} counter in one increment. What waits and is
 * written later is counted by whoever writes it (the sink's drain, the recovery replay).
 */
final class Fanout {

  private static final Subscriber[] NONE = new Subscriber[0];

  private record Subscriber(ChannelSink sink, Subscription subscription) {
  }

  private static final class Group {
    final MessageConsumer<ChannelMessage> consumer;
    final Counter delivered;
    final Map<ChannelSink, Subscription> members = new HashMap<>();
    // Delivery iterates a stable array even if a delivery closes a session or a stream. It is
    // rebuilt by the first delivery after joins or leaves, not at each one: a storm of 10,000
    // subscribes (or closes) would otherwise copy the array 10,000 times.
    private Subscriber[] snapshot = NONE;
    private boolean stale;

    Group(MessageConsumer<ChannelMessage> consumer, Counter delivered) {
      this.consumer = consumer;
      this.delivered = delivered;
    }

    void changed() {
      stale = true;
    }

    Subscriber[] snapshot() {
      if (stale) {
        Subscriber[] next = new Subscriber[members.size()];
        int i = 0;
        for (Map.Entry<ChannelSink, Subscription> member : members.entrySet()) {
          next[i++] = new Subscriber(member.getKey(), member.getValue());
        }
        snapshot = next;
        stale = false;
      }
      return snapshot;
    }
  }

  private final EventBus eventBus;
  private final LocalChannels channels;
  private final GatewayMetrics metrics;
  private final Map<String, Group> groups = new HashMap<>();

  Fanout(EventBus eventBus, LocalChannels channels, GatewayMetrics metrics) {
    this.eventBus = eventBus;
    this.channels = channels;
    this.metrics = metrics;
  }

  /** Adds a subscriber; completes once the channel's consumer is registered. */
  Future<Void> join(ChannelSink session, Subscription subscription) {
    Group group = groups.computeIfAbsent(subscription.channel,
        channel -> open(channel, subscription.policy.name()));
    if (group.members.put(session, subscription) == null) {
      channels.joined(subscription.channel);
    }
    group.changed();
    return group.consumer.completion();
  }

  void leave(ChannelSink session, String channel) {
    Group group = groups.get(channel);
    if (group == null || group.members.remove(session) == null) {
      return;
    }
    channels.left(channel);
    if (group.members.isEmpty()) {
      groups.remove(channel);
      group.consumer.unregister();
    } else {
      group.changed();
    }
  }

  int channelCount() {
    return groups.size();
  }

  /** This instance's subscribers of {@code channel}. */
  int count(String channel) {
    Group group = groups.get(channel);
    return group == null ? 0 : group.members.size();
  }

  /** This instance's channels of {@code namespace} and their subscribers. */
  Map<String, Integer> subscribers(String namespace) {
    Map<String, Integer> counts = new HashMap<>();
    String prefix = namespace + ".";
    groups.forEach((channel, group) -> {
      if (channel.equals(namespace) || channel.startsWith(prefix)) {
        counts.put(channel, group.members.size());
      }
    });
    return counts;
  }

  private Group open(String channel, String namespace) {
    MessageConsumer<ChannelMessage> consumer = eventBus.consumer(Addresses.channel(channel));
    Group group = new Group(consumer, metrics.delivered(namespace));
    consumer.handler(message -> fanOut(group, message.body()));
    return group;
  }

  private void fanOut(Group group, ChannelMessage message) {
    metrics.deliveryLatency().record(Math.max(0, System.currentTimeMillis() - message.ts()),
        TimeUnit.MILLISECONDS);
    int written = 0;
    for (Subscriber subscriber : group.snapshot()) {
      if (subscriber.sink().deliver(subscriber.subscription(), message)) {
        written++;
      }
    }
    if (written > 0) {
      group.delivered.increment(written);
    }
  }
}
