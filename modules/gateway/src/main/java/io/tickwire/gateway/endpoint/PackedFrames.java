package io.tickwire.gateway.endpoint;

import io.micrometer.core.instrument.Counter;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.MsgPack;
import java.util.Objects;
import java.util.function.Function;

/**
 * The MessagePack form of what connections that negotiated {@value MsgPack#SUBPROTOCOL} are
 * sent, one per node, shared by its gateway instances. A channel message's frame is packed once
 * per node, by the first MessagePack socket it is written to, and every other one gets the same
 * bytes; each packing is counted in {@code tickwire.gateway.msgpack.encoded}. A connection's own
 * frames (welcome, answers, errors) are packed as they are sent; {@code join}, {@code leave} and
 * a channel's presence are packed once per node by their {@code SharedFrame}. JSON connections
 * never come here.
 *
 * <p>Once per node, not once per {@link ChannelMessage} instance: in a cluster each consumer of a
 * node decodes its own copy of a message from another member. So the packed form also goes into
 * a small table of recently packed messages, {@value #SLOTS} slots chosen by channel and
 * {@code seq}, where the next instance of the same message (same channel, {@code seq},
 * {@code epoch} and frame length) finds it. A slot is taken over by whichever message packs into
 * it next, so the table's memory is bounded whatever the channels; a message whose slot was taken
 * over in between is packed again, which only costs time. A slot is locked while its message is
 * packed: an event loop asking for a message another one is packing waits for it rather than
 * packing it too. That wait happens only when two event loops pack the same message at the same
 * moment, for as long as one packing takes; without it (a slot swapped in lock-free) the message
 * would be packed, and counted, once per loop that got there first. Any thread.
 */
public final class PackedFrames implements Function<ChannelMessage, byte[]> {

  /** Slots of the table of recently packed messages: {@value}, a power of two. */
  static final int SLOTS = 512;

  private static final class Slot {
    String channel;
    long seq;
    String epoch;
    int frameLength;
    byte[] packed;

    boolean holds(ChannelMessage message) {
      return packed != null && seq == message.seq() && frameLength == message.frame().length
          && message.channel().equals(channel) && Objects.equals(message.epoch(), epoch);
    }
  }

  private final Counter encoded;
  private final Slot[] slots = new Slot[SLOTS];

  /** @param encoded counts the channel message frames packed */
  public PackedFrames(Counter encoded) {
    this.encoded = encoded;
    for (int i = 0; i < SLOTS; i++) {
      slots[i] = new Slot();
    }
  }

  /** The MessagePack form of {@code message}'s frame, shared by the node's MessagePack sockets. */
  byte[] of(ChannelMessage message) {
    return message.packedFrame(this);
  }

  /** Packs a channel message's frame, unless another instance of it was packed just before. */
  @Override
  public byte[] apply(ChannelMessage message) {
    Slot slot = slots[(message.channel().hashCode() * 31 + Long.hashCode(message.seq()))
        & (SLOTS - 1)];
    synchronized (slot) {
      if (slot.holds(message)) {
        return slot.packed;
      }
      byte[] packed = MsgPack.fromJson(message.frame());
      encoded.increment();
      slot.channel = message.channel();
      slot.seq = message.seq();
      slot.epoch = message.epoch();
      slot.frameLength = message.frame().length;
      slot.packed = packed;
      return packed;
    }
  }

  /** The MessagePack form of a connection's own frame. */
  static byte[] own(String json) {
    return MsgPack.fromJson(json);
  }
}
