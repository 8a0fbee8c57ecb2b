package io.tickwire.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * Event-bus codec of {@link ChannelMessage}. Locally the message is passed as it is (its frame is
 * shared, never copied); across the cluster it is written once per receiving node.
 */
public final class ChannelMessageCodec implements MessageCodec<ChannelMessage, ChannelMessage> {

  /** The codec's name, for {@code DeliveryOptions.setCodecName}. */
  public static final String NAME = "tickwire-channel-message";

  @Override
  public void encodeToWire(Buffer buffer, ChannelMessage message) {
    byte[] channel = message.channel().getBytes(StandardCharsets.UTF_8);
    byte[] epoch = message.epoch().getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(channel.length).appendBytes(channel)
        .appendLong(message.seq())
        .appendInt(epoch.length).appendBytes(epoch)
        .appendLong(message.ts())
        .appendInt(message.frame().length).appendBytes(message.frame());
  }

  @Override
  public ChannelMessage decodeFromWire(int pos, Buffer buffer) {
    int at = pos;
    int channelLength = buffer.getInt(at);
    at += 4;
    String channel = buffer.getString(at, at + channelLength, "UTF-8");
    at += channelLength;
    long seq = buffer.getLong(at);
    at += 8;
    int epochLength = buffer.getInt(at);
    at += 4;
    String epoch = buffer.getString(at, at + epochLength, "UTF-8");
    at += epochLength;
    long ts = buffer.getLong(at);
    at += 8;
    int frameLength = buffer.getInt(at);
    at += 4;
    return new ChannelMessage(channel, seq, epoch, ts, buffer.getBytes(at, at + frameLength));
  }

  @Override
  public ChannelMessage transform(ChannelMessage message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
