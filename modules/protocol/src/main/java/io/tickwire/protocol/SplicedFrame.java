package io.tickwire.protocol;

import java.nio.ByteBuffer;

/**
 * A server frame in two parts: {@code head}, made for one connection (an answer's {@code type}
 * and {@code id}), then {@code tail}, shared by every connection that gets the same frame, read
 * only and never copied: when it is large and written often, off-heap
 * ({@link SharedFrame#utf8Buffer()}), so that a socket writes it as it is. The frame is the head's bytes followed by the tail's remaining
 * bytes; a writer works on a {@link ByteBuffer#duplicate()} of the tail. Any thread.
 */
public record SplicedFrame(byte[] head, ByteBuffer tail) {

  /** The frame's length in bytes. */
  public int length() {
    return head.length + tail.remaining();
  }

  /** The whole frame in one new array: for a writer that cannot take two parts. */
  public byte[] toBytes() {
    byte[] bytes = new byte[length()];
    System.arraycopy(head, 0, bytes, 0, head.length);
    tail.duplicate().get(bytes, head.length, tail.remaining());
    return bytes;
  }
}
