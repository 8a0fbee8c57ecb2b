package io.tickwire.gateway.endpoint;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.SplicedFrame;
import java.nio.ByteBuffer;

/**
 * A channel message as a whole WebSocket frame on the wire (FIN, text or binary, unmasked: what a
 * server sends), encoded once per event loop and format and written to every socket of the loop
 * as a view of the same bytes. Written through the WebSocket's pipeline after the frame
 * encoder's place, it skips the per-socket work of a Vert.x frame write: a frame object, a
 * promise, a header and a copy of the payload for every socket.
 *
 * <p>Each event loop keeps the frame of the last message it encoded in each format, JSON text and
 * MessagePack: the sockets of a fan-out take them one after another, in whichever order their
 * formats come. A presence answer goes the same way as frames around a head made for the
 * connection and the channel's presence kept off-heap ({@link #writeSpliced}). Threading: call on
 * an event loop thread.
 */
final class WireFrame {

  private static final int CONTINUATION = 0x0;
  private static final byte[] NOTHING = new byte[0];
  private static final int TEXT = 0x1;
  private static final int BINARY = 0x2;

  private static final FastThreadLocal<WireFrame> LAST = new FastThreadLocal<>() {
    @Override
    protected WireFrame initialValue() {
      return new WireFrame();
    }
  };
  private static final FastThreadLocal<WireFrame> LAST_PACKED = new FastThreadLocal<>() {
    @Override
    protected WireFrame initialValue() {
      return new WireFrame();
    }
  };

  private ChannelMessage message;
  private ByteBuf wire;

  private WireFrame() {
  }

  /** The frame of {@code message}, for one write: a retained view the write releases. */
  static ByteBuf of(ChannelMessage message) {
    WireFrame last = LAST.get();
    if (last.message != message) {
      if (last.wire != null) {
        last.wire.release();
      }
      last.wire = encode(TEXT, message.frame());
      last.message = message;
    }
    return last.wire.retainedDuplicate();
  }

  /**
   * The binary frame of {@code message} whose MessagePack form is {@code packed}, for one write:
   * a retained view the write releases.
   */
  static ByteBuf ofPacked(ChannelMessage message, byte[] packed) {
    WireFrame last = LAST_PACKED.get();
    if (last.message != message) {
      if (last.wire != null) {
        last.wire.release();
      }
      last.wire = encode(BINARY, packed);
      last.message = message;
    }
    return last.wire.retainedDuplicate();
  }

  /** The bytes of a final, unmasked text frame carrying {@code payload} (RFC 6455, 5.2). */
  static ByteBuf encode(byte[] payload) {
    return encode(TEXT, payload);
  }

  /** The same with the frame's {@code opcode}: text or binary. */
  private static ByteBuf encode(int opcode, byte[] payload) {
    return frame(opcode, true, payload.length, payload);
  }

  /**
   * Writes {@code frame} as one text or binary ({@code binary}) message through {@code stage}, in
   * frames of at most {@code maxFrameBytes} as {@link VertxInternals#writeMessage} cuts them: the
   * first holds the head and the start of the tail, the others the rest of the tail, and the
   * tail's bytes are views of its memory, never copied, which the socket writes as they lie; the
   * last frame is final. The head must fit in one frame: when it does not, nothing is written
   * and the answer is {@code false}, for the caller to write the frame joined. Call on the
   * channel's event loop, only while the socket is open.
   *
   * @return whether {@code frame} was written
   */
  static boolean writeSpliced(CoalescingFlush stage, SplicedFrame frame, boolean binary,
      int maxFrameBytes) {
    byte[] head = frame.head();
    if (head.length > maxFrameBytes) {
      return false;
    }
    ByteBuffer tail = frame.tail();
    int at = tail.position();
    int left = tail.remaining();
    int length = Math.min(left, maxFrameBytes - head.length);
    int opcode = binary ? BINARY : TEXT;
    // Each frame: its header (with the head, in the first), then its part of the tail.
    byte[] before = head;
    while (true) {
      left -= length;
      stage.writeEncoded(frame(opcode, left == 0, before.length + length, before));
      if (length > 0) {
        stage.writeEncoded(Unpooled.wrappedBuffer(tail.duplicate().limit(at + length)
            .position(at)));
        at += length;
      }
      if (left == 0) {
        return true;
      }
      opcode = CONTINUATION;
      before = NOTHING;
      length = Math.min(left, maxFrameBytes);
    }
  }

  /**
   * An unmasked frame header (RFC 6455, 5.2) for a payload of {@code length} bytes, followed by
   * {@code start}, the payload's first bytes (all of it when {@code length} is its length),
   * off-heap.
   */
  private static ByteBuf frame(int opcode, boolean fin, int length, byte[] start) {
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuf frame = ByteBufAllocator.DEFAULT.directBuffer(header + start.length);
    frame.writeByte((fin ? 0x80 : 0) | opcode);
    if (length < 126) {
      frame.writeByte(length);
    } else if (length <= 0xFFFF) {
      frame.writeByte(126);
      frame.writeShort(length);
    } else {
      frame.writeByte(127);
      frame.writeLong(length);
    }
    frame.writeBytes(start);
    return frame;
  }
}
