package io.tickwire.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelMessage;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The fan-out of the channels whose partitions this member owns: the entry processor that
 * appends a message to a channel ({@link AppendProcessor}) runs on the owner of the channel's
 * partition and hands the message here, and it is published on the channel's fan-out address
 * ({@code tickwire.ch.<channel>}), which every node's gateway instances consume.
 *
 * <p>Contract: {@link #publish} is called on a Hazelcast partition thread, one message at a time
 * per partition and so in seq order per channel; it never blocks that thread and never fails.
 * Every message is published from one Vert.x context of this member, and Vert.x keeps the order
 * of the messages of one sender, so every node receives a channel's messages in seq order. A
 * message handed over a second time (an append retried on a new owner) is published again;
 * gateways drop a seq they already sent.
 *
 * <p>Each member installs its own when it joins ({@link #install}), in its Hazelcast user
 * context: that is how an entry processor, which Hazelcast deserializes on whichever member owns
 * the partition, reaches the member it runs on ({@link #of}).
 */
final class OwnerFanout {

  /** The key of the member's fan-out in its Hazelcast user context. */
  private static final String KEY = "tickwire.fanout";

  private final Vertx vertx;
  private final Context context;

  private OwnerFanout(Vertx vertx) {
    this.vertx = vertx;
    // One context for all hand-overs: Vert.x keeps the order of messages from one sender.
    this.context = vertx.getOrCreateContext();
  }

  /** Makes the fan-out of the member {@code hazelcast} is, publishing on {@code vertx}. */
  static void install(HazelcastInstance hazelcast, Vertx vertx) {
    hazelcast.getUserContext().put(KEY, new OwnerFanout(vertx));
  }

  /** The fan-out of the member {@code hazelcast} is, or {@code null} while it is starting. */
  static OwnerFanout of(HazelcastInstance hazelcast) {
    return (OwnerFanout) hazelcast.getUserContext().get(KEY);
  }

  /** Publishes {@code message} on its channel's fan-out address, in a later task. */
  void publish(ChannelMessage message) {
    context.runOnContext(ignored ->
        vertx.eventBus().publish(Addresses.channel(message.channel()), message));
  }
}
