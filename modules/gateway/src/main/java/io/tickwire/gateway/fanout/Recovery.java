package io.tickwire.gateway.fanout;

import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ClientFrame.Position;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;

/**
 * A subscription's recovery, for WebSocket sessions and SSE streams alike: asks this node's
 * channel log ({@link Addresses#CHANNELS_HISTORY}, node-local, bounded by the request timeout)
 * for what a subscriber missed, and replays its answer. Called on the gateway instance's event
 * loop.
 */
public final class Recovery {

  private final Vertx vertx;
  private final DeliveryOptions options;

  public Recovery(Vertx vertx, long requestTimeoutMs) {
    this.vertx = vertx;
    this.options = new DeliveryOptions().setSendTimeout(requestTimeoutMs).setLocalOnly(true);
  }

  /**
   * The channel log's answer for {@code channel} after {@code since} (the current position when
   * null): {@code {seq, epoch, recovered, frames, seqs}}.
   */
  public Future<JsonObject> request(String channel, Position since) {
    JsonObject request = new JsonObject().put("channel", channel);
    if (since != null) {
      request.put("since", since.toJson());
    }
    return vertx.eventBus().<JsonObject>request(Addresses.CHANNELS_HISTORY, request, options)
        .map(Message::body);
  }

  /**
   * Writes what {@code reply} recovered through {@code recovered}, then the live messages
   * {@code subscription} held back meanwhile to {@code sink}; answers how many were written at
   * once, for the caller to count as delivered.
   */
  public static int replay(Subscription subscription, JsonObject reply,
      Predicate<ChannelMessage> recovered, ChannelSink sink) {
    String epoch = reply.getString("epoch");
    JsonArray frames = reply.getJsonArray("frames");
    JsonArray seqs = reply.getJsonArray("seqs");
    int written = 0;
    for (int i = 0; i < frames.size(); i++) {
      if (recovered.test(new ChannelMessage(subscription.channel(), seqs.getLong(i), epoch, 0,
          frames.getBinary(i)))) {
        written++;
      }
    }
    for (ChannelMessage message : subscription.recovered(reply.getLong("seq"), epoch)) {
      if (sink.deliver(subscription, message)) {
        written++;
      }
    }
    return written;
  }
}
