package io.tickwire.client;

import io.vertx.core.json.JsonObject;

/**
 * A channel message delivered to a {@link TickwireClient} listener: new to this client (duplicates
 * are dropped by {@code seq}).
 *
 * @param channel the channel
 * @param seq its position in the channel, within {@code epoch}
 * @param epoch the channel history it belongs to
 * @param ts when it was published, ms since the Unix epoch (server clock)
 * @param data the payload, any JSON value ({@link JsonObject}, {@code JsonArray}, string, number,
 *     boolean)
 * @param from protocol 1.1: the client that published it with {@link TickwireClient#publish}, or
 *     {@code null} for a message from the HTTP API or a service
 */
public record TickwireMessage(String channel, long seq, String epoch, long ts, Object data,
    ClientRef from) {

  /** A message without a publishing client. */
  public TickwireMessage(String channel, long seq, String epoch, long ts, Object data) {
    this(channel, seq, epoch, ts, data, null);
  }

  /** The payload as an object, or {@code null} when it is some other JSON value. */
  public JsonObject json() {
    return data instanceof JsonObject object ? object : null;
  }
}
