package io.tickwire.protocol;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * A message of a channel as it travels on the event bus: its position and its {@code message}
 * frame, encoded once by the publisher. Gateways write {@link #frame()} as it is to every socket.
 * Treat the frame bytes as immutable: they are shared, never copied.
 *
 * <p>An instance also keeps the MessagePack form of its frame once someone asks for it
 * ({@link #packedFrame}). A message published on a node reaches every consumer there as the same
 * instance (the codec's local transform is the identity); one from another cluster member arrives
 * as one copy per consumer, so sharing the packed form across them is the encoder's business. A
 * value class with the accessors of a record; equal when channel, position and frame are.
 */
public final class ChannelMessage {

  private final String channel;
  private final long seq;
  private final String epoch;
  private final long ts;
  private final byte[] frame;
  /** The frame as MessagePack, once a MessagePack socket asked for it. */
  private volatile byte[] packed;

  public ChannelMessage(String channel, long seq, String epoch, long ts, byte[] frame) {
    this.channel = channel;
    this.seq = seq;
    this.epoch = epoch;
    this.ts = ts;
    this.frame = frame;
  }

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

  public String channel() {
    return channel;
  }

  public long seq() {
    return seq;
  }

  public String epoch() {
    return epoch;
  }

  public long ts() {
    return ts;
  }

  /** The {@code message} frame as UTF-8 JSON text. */
  public byte[] frame() {
    return frame;
  }

  /**
   * The frame in the form {@code encoder} makes of this message (the MessagePack form): asked of
   * the encoder by the first caller, at most once per instance even when event loops ask at the
   * same time, and the same array for every later caller. Treat it as immutable. Any thread.
   */
  public byte[] packedFrame(Function<ChannelMessage, byte[]> encoder) {
    byte[] done = packed;
    if (done != null) {
      return done;
    }
    synchronized (this) {
      if (packed == null) {
        packed = encoder.apply(this);
      }
      return packed;
    }
  }

  /** Whether {@link #packedFrame} has made the packed form (for tests and metrics). */
  public boolean packed() {
    return packed != null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChannelMessage that && seq == that.seq && ts == that.ts
        && channel.equals(that.channel) && Objects.equals(epoch, that.epoch)
        && Arrays.equals(frame, that.frame);
  }

  @Override
  public int hashCode() {
    return Objects.hash(channel, seq, epoch);
  }

  @Override
  public String toString() {
    return "ChannelMessage[channel=" + channel + ", seq=" + seq + ", epoch=" + epoch + ", ts="
        + ts + "]";
  }
}
