package io.tickwire.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A server frame that is not a channel message but still goes to many connections (a
 * {@code join} or {@code leave}, a channel's presence): encoded once as UTF-8 JSON text, and
 * packed once as MessagePack ({@link MsgPack}) when the first connection that negotiated it asks,
 * never for a node with none. Every connection is written the same bytes: treat them as
 * immutable. A frame as large as a channel's presence is also kept off-heap once asked
 * ({@link #directUtf8()}, {@link #directPacked()}), where a socket writes it without the copy
 * into off-heap memory a heap array costs at each write. Any thread.
 */
public final class SharedFrame {

  private final String text;
  private final byte[] utf8;
  /** The MessagePack form, once asked for. */
  private volatile byte[] packed;
  /** The off-heap copies of the two forms, once asked for. */
  private volatile ByteBuffer directUtf8;
  private volatile ByteBuffer directPacked;

  public SharedFrame(String text) {
    this.text = text;
    this.utf8 = text.getBytes(StandardCharsets.UTF_8);
  }

  /** The frame as JSON text. */
  public String text() {
    return text;
  }

  /** The frame as UTF-8 JSON text, the same array for every caller. */
  public byte[] utf8() {
    return utf8;
  }

  /**
   * The frame as MessagePack: packed by the first caller, at most once even when event loops ask
   * at the same time, and the same array for every later caller.
   */
  public byte[] packed() {
    byte[] done = packed;
    if (done != null) {
      return done;
    }
    synchronized (this) {
      if (packed == null) {
        packed = MsgPack.fromJson(utf8);
      }
      return packed;
    }
  }

  /**
   * The UTF-8 JSON text off-heap and read-only, copied there by the first caller, once: each
   * caller gets its own view (position 0, limit the length) of the same memory, freed with the
   * frame by the garbage collector.
   */
  public ByteBuffer directUtf8() {
    ByteBuffer done = directUtf8;
    if (done == null) {
      synchronized (this) {
        if (directUtf8 == null) {
          directUtf8 = offHeap(utf8);
        }
        done = directUtf8;
      }
    }
    return done.duplicate();
  }

  /** The same for the MessagePack form, packing it first when nobody has asked yet. */
  public ByteBuffer directPacked() {
    ByteBuffer done = directPacked;
    if (done == null) {
      byte[] bytes = packed();
      synchronized (this) {
        if (directPacked == null) {
          directPacked = offHeap(bytes);
        }
        done = directPacked;
      }
    }
    return done.duplicate();
  }

  private static ByteBuffer offHeap(byte[] bytes) {
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
  }

  /** Whether {@link #packed()} has packed the frame (for tests). */
  public boolean isPacked() {
    return packed != null;
  }
}
