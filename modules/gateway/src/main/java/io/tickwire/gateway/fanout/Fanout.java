package io.tickwire.gateway.fanout;

import io.micrometer.core.instrument.Counter;
import io.tickwire.channels.LocalChannels;
import io.tickwire.gateway.GatewayMetrics;
import io.tickwire.gateway.admin.InstanceSnapshot;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelMessage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The channels of one gateway instance: one event-bus consumer per channel, registered on the
 * first local subscriber and unregistered with the last, and the subscribers (WebSocket sessions
 * and SSE streams) each message is written to. Confined to the instance's event loop.
 *
 * <p>A channel with more than {@value #SLICE} subscribers on this instance is written to in
 * slices of that many, and between two slices the event loop reads its sockets: a publication
 * arriving meanwhile is read and answered after one slice, not after the whole channel (10,000
 * subscribers are 40 slices). The messages of a channel keep their order: one that arrives while
 * the one before is still being written waits for it.
 *
 * <p>Metrics are paid once per message, not once per subscriber: the delivery latency is recorded
 * when a message reaches this instance's fan-out, and the subscribers it was written to at once
 * are added to the namespace's {@code delivered} counter in one increment. What waits and is
 * written later is counted by whoever writes it (the sink's drain, the recovery replay).
 */
public final class Fanout {

  private static final Subscriber[] NONE = new Subscriber[0];
  /** Subscribers written in one turn of the event loop. */
  public static final int SLICE = 256;

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
    /** The message being written in slices, its subscribers, and where the next slice starts. */
    ChannelMessage writing;
    Subscriber[] writingTo;
    int next;
    /** The newest message that reached this group, for the admin console; null before one. */
    ChannelMessage last;
    /** Messages that arrived while one was being written, in order. */
    final ArrayDeque<ChannelMessage> waiting = new ArrayDeque<>();

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
  private final Executor laterTurn;

  /**
   * @param laterTurn runs a task in a later turn of this instance's event loop, after the loop
   *     has read its sockets
   */
  public Fanout(EventBus eventBus, LocalChannels channels, GatewayMetrics metrics,
      Executor laterTurn) {
    this.eventBus = eventBus;
    this.channels = channels;
    this.metrics = metrics;
    this.laterTurn = laterTurn;
  }

  /** Adds a subscriber; completes once the channel's consumer is registered. */
  public Future<Void> join(ChannelSink session, Subscription subscription) {
    Group group = groups.computeIfAbsent(subscription.channel(),
        channel -> open(channel, subscription.policy().name()));
    if (group.members.put(session, subscription) == null) {
      channels.joined(subscription.channel());
    }
    group.changed();
    return group.consumer.completion();
  }

  public void leave(ChannelSink session, String channel) {
    Group group = groups.get(channel);
    Subscription left = group == null ? null : group.members.remove(session);
    if (left == null) {
      return;
    }
    // A message being written in slices skips it from now on.
    left.left = true;
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
  public int count(String channel) {
    Group group = groups.get(channel);
    return group == null ? 0 : group.members.size();
  }

  /** Calls {@code action} with each of this instance's subscribers of {@code channel}. */
  public void forEachSubscriber(String channel, BiConsumer<ChannelSink, Subscription> action) {
    Group group = groups.get(channel);
    if (group != null) {
      for (Subscriber subscriber : group.snapshot()) {
        if (!subscriber.subscription().left) {
          action.accept(subscriber.sink(), subscriber.subscription());
        }
      }
    }
  }

  /**
   * Puts into {@code snapshot} the newest position this instance knows of each of its channels:
   * the last message fanned out, or before one arrived, what a subscriber was told on subscribing.
   */
  public void positions(InstanceSnapshot snapshot) {
    groups.forEach((channel, group) -> {
      if (group.last != null) {
        snapshot.position(channel, group.last.seq(), group.last.epoch());
      } else {
        for (Subscription subscription : group.members.values()) {
          snapshot.position(channel, subscription.lastSeq(), subscription.epoch());
          break;
        }
      }
    });
  }

  /** This instance's channels of {@code namespace} and their subscribers. */
  public Map<String, Integer> subscribers(String namespace) {
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
    group.last = message;
    metrics.deliveryLatency().record(Math.max(0, System.currentTimeMillis() - message.ts()),
        TimeUnit.MILLISECONDS);
    if (group.writing != null) {
      group.waiting.addLast(message);
      return;
    }
    Subscriber[] subscribers = group.snapshot();
    if (subscribers.length <= SLICE) {
      write(group, message, subscribers, 0, subscribers.length);
      return;
    }
    group.writing = message;
    group.writingTo = subscribers;
    group.next = 0;
    writeSlice(group);
  }

  /** Writes the next slice of what the group is writing; asks for a later turn if more is left. */
  private void writeSlice(Group group) {
    Subscriber[] subscribers = group.writingTo;
    int from = group.next;
    int to = Math.min(subscribers.length, from + SLICE);
    write(group, group.writing, subscribers, from, to);
    group.next = to;
    if (to == subscribers.length) {
      ChannelMessage queued = group.waiting.pollFirst();
      if (queued == null) {
        group.writing = null;
        group.writingTo = null;
        return;
      }
      group.writing = queued;
      group.writingTo = group.snapshot();
      group.next = 0;
    }
    laterTurn.execute(() -> writeSlice(group));
  }

  private static void write(Group group, ChannelMessage message, Subscriber[] subscribers,
      int from, int to) {
    int written = 0;
    for (int i = from; i < to; i++) {
      Subscriber subscriber = subscribers[i];
      if (!subscriber.subscription().left
          && subscriber.sink().deliver(subscriber.subscription(), message)) {
        written++;
      }
    }
    if (written > 0) {
      group.delivered.increment(written);
    }
  }
}
