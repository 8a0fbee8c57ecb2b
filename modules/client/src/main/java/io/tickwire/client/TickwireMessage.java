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
 */
public record TickwireMessage(String channel, long seq, String epoch, long ts, Object data) {

  /** The payload as an object, or {@code null} when it is some other JSON value. */
  public JsonObject json() {
    return data instanceof JsonObject object ? object : null;
  }
}
