package io.tickwire.client;

import io.vertx.core.json.JsonObject;

/**
 * The answer to {@link TickwireClient#publish}: where the channel log put the message (for a
 * repeated idempotency key, the first publication's place).
 *
 * @param channel the channel
 * @param seq the message's position in the channel, within {@code epoch}
 * @param epoch the channel history {@code seq} belongs to
 */
public record Published(String channel, long seq, String epoch) {

  static Published from(JsonObject frame) {
    return new Published(frame.getString("channel"), frame.getLong("seq", 0L),
        frame.getString("epoch"));
  }
}
