package io.tickwire.runtime;

import io.tickwire.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Publishes to channels through the channel log, which gives each message its {@code seq}, keeps
 * it in the channel's history and fans it out encoded once. Messages published by one caller to
 * one channel keep their order.
 */
public final class ChannelPublisher {

  /** The default time to wait for the channel log. */
  public static final long DEFAULT_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final DeliveryOptions options;

  public ChannelPublisher(Vertx vertx) {
    this(vertx, DEFAULT_TIMEOUT_MS);
  }

  public ChannelPublisher(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    // The channel log of this node: its store reaches the rest of the cluster.
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs).setLocalOnly(true);
  }

  /** Where a published message stands in its channel. */
  public record Published(String channel, long seq, String epoch) {
    public JsonObject toJson() {
      return new JsonObject().put("channel", channel).put("seq", seq).put("epoch", epoch);
    }

    static Published fromJson(JsonObject json) {
      return new Published(json.getString("channel"), json.getLong("seq"),
          json.getString("epoch"));
    }
  }

  /** Publishes {@code data} (any JSON value) to {@code channel}. */
  public Future<Published> publish(String channel, Object data) {
    return publish(channel, data, null);
  }

  /**
   * Publishes once per idempotency key: the same key again within the log's idempotency window
   * answers the first publication and publishes nothing. Fails with a
   * {@link io.tickwire.protocol.ProtocolException} ({@code bad_request}, {@code not_found}, …).
   */
  public Future<Published> publish(String channel, Object data, String idempotencyKey) {
    JsonObject request = new JsonObject().put("channel", channel).put("data", data);
    if (idempotencyKey != null) {
      request.put("idempotencyKey", idempotencyKey);
    }
    return vertx.eventBus().<JsonObject>request(Addresses.CHANNELS_PUBLISH, request, options)
        .map(reply -> Published.fromJson(reply.body()))
        .recover(failure -> Future.failedFuture(Methods.errorOf(failure)));
  }
}
