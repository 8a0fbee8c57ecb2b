package io.tickwire.protocol;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * A message of a channel as it travels on the event bus: its position and its {@code message}
 * frame, encoded once by the publisher. Gateways write {@link #frame()} as it is to every socket.
 * Treat the frame bytes as immutable: they are shared, never copied.
 */
public record ChannelMessage(String channel, long seq, String epoch, long ts, byte[] frame) {

  /** Builds the message and its frame. */
  public static ChannelMessage of(String channel, long seq, String epoch, long ts, Object data) {
    return of(channel, seq, epoch, ts, data, null);
  }

  /**
   * Builds the message and its frame, with {@code from} (who published it from a WebSocket: an
   * object {@code {user, session}}) when not null.
   */
  public static ChannelMessage of(String channel, long seq, String epoch, long ts, Object data,
      JsonObject from) {
    String text = ServerFrames.message(channel, seq, epoch, ts, data, from);
    return new ChannelMessage(channel, seq, epoch, ts, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Builds the message from data already encoded as JSON text, without parsing it again: the
   * same frame as {@link #of}.
   */
  public static ChannelMessage ofEncoded(String channel, long seq, String epoch, long ts,
      String dataJson) {
    return ofEncoded(channel, seq, epoch, ts, dataJson, null);
  }

  /**
   * As {@link #ofEncoded(String, long, String, long, String)}, with {@code fromJson} (the
   * {@code from} object as JSON text) when not null: the same frame as {@link #of} with it.
   */
  public static ChannelMessage ofEncoded(String channel, long seq, String epoch, long ts,
      String dataJson, String fromJson) {
    String text = "{\"type\":\"" + FrameType.MESSAGE + "\",\"channel\":" + Json.encode(channel)
        + ",\"seq\":" + seq + ",\"epoch\":" + Json.encode(epoch) + ",\"ts\":" + ts
        + ",\"data\":" + dataJson + (fromJson == null ? "" : ",\"from\":" + fromJson) + "}";
    return new ChannelMessage(channel, seq, epoch, ts, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The frame as text. */
  public String frameText() {
    return new String(frame, StandardCharsets.UTF_8);
  }
}
