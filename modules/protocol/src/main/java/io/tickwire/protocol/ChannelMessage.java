package io.tickwire.protocol;

import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * A message of a channel as it travels on the event bus: its position and its {@code message}
 * frame, encoded once by the publisher. Gateways write {@link #frame()} as it is to every socket.
 * Treat the frame bytes as immutable: they are shared, never copied.
 */
public record ChannelMessage(String channel, long seq, String epoch, long ts, byte[] frame) {

  /** Builds the message and its frame. */
  public static ChannelMessage of(String channel, long seq, String epoch, long ts, Object data) {
    String text = ServerFrames.message(channel, seq, epoch, ts, data);
    return new ChannelMessage(channel, seq, epoch, ts, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Builds the message from data already encoded as JSON text, without parsing it again: the
   * same frame as {@link #of}.
   */
  public static ChannelMessage ofEncoded(String channel, long seq, String epoch, long ts,
      String dataJson) {
    String text = "{\"type\":\"" + FrameType.MESSAGE + "\",\"channel\":" + Json.encode(channel)
        + ",\"seq\":" + seq + ",\"epoch\":" + Json.encode(epoch) + ",\"ts\":" + ts
        + ",\"data\":" + dataJson + "}";
    return new ChannelMessage(channel, seq, epoch, ts, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The frame as text. */
  public String frameText() {
    return new String(frame, StandardCharsets.UTF_8);
  }
}
