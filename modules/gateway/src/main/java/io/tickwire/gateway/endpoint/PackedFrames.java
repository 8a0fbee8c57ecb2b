package io.tickwire.gateway.endpoint;

import io.micrometer.core.instrument.Counter;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.MsgPack;
import java.util.function.UnaryOperator;

/**
 * The MessagePack form of what a connection that negotiated {@value MsgPack#SUBPROTOCOL} is sent.
 * A channel message's frame is packed by the first MessagePack socket of the node it is written
 * to, once, and shared with every other one ({@link ChannelMessage#packedFrame}); each encoding
 * is counted in {@code tickwire.gateway.msgpack.encoded}. A connection's own frames (welcome,
 * answers, errors) are packed as they are sent. JSON connections never come here. Any thread.
 */
final class PackedFrames implements UnaryOperator<byte[]> {

  private final Counter encoded;

  PackedFrames(Counter encoded) {
    this.encoded = encoded;
  }

  /** The shared MessagePack form of {@code message}'s frame. */
  byte[] of(ChannelMessage message) {
    return message.packedFrame(this);
  }

  /** Packs a channel message's JSON frame; called at most once per message and node. */
  @Override
  public byte[] apply(byte[] json) {
    encoded.increment();
    return MsgPack.fromJson(json);
  }

  /** The MessagePack form of a connection's own frame. */
  static byte[] own(String json) {
    return MsgPack.fromJson(json);
  }
}
