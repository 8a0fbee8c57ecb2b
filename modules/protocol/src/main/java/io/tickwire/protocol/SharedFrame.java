package io.tickwire.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server frame that is not a channel message but still goes to many connections (a
 * {@code join} or {@code leave}, a channel's presence): encoded once as UTF-8 JSON text, and
 * packed once as MessagePack ({@link MsgPack}) when the first connection that negotiated it asks,
 * never for a node with none. Every connection is written the same bytes: treat them as
 * immutable. A frame of {@link #OFF_HEAP_MIN_BYTES} or more written again and again (a
 * channel's presence) is also copied off-heap at its second use ({@link #utf8Buffer()},
 * {@link #packedBuffer()}), where a socket writes it without the copy into off-heap memory a heap
 * array costs at each write. Any thread.
 */
public final class SharedFrame {

  /**
   * A frame of at least this many bytes is written from its off-heap copy; a smaller one (a
   * channel with a few members, or none: a new body per request) from the heap, where one copy
   * costs less than moving it off-heap.
   */
  public static final int OFF_HEAP_MIN_BYTES = 8 * 1024;

  private final String text;
  private final byte[] utf8;
  /** The MessagePack form, once asked for. */
  private volatile byte[] packed;
  /** The off-heap copies of the two forms, made at their second use. */
  private final OffHeap utf8Copy = new OffHeap();
  private final OffHeap packedCopy = new OffHeap();

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
   * The UTF-8 JSON text to write, read-only, as a view of its own for the caller: of the heap
   * array the first time it is asked for, then of a copy off-heap made once at the second time,
   * freed with the frame by the garbage collector. A frame written once (the presence of a
   * channel whose members keep changing) is never copied off-heap; one written many times is
   * copied once; one under {@link #OFF_HEAP_MIN_BYTES} is always a view of the heap array.
   */
  public ByteBuffer utf8Buffer() {
    return utf8Copy.view(utf8);
  }

  /** The same for the MessagePack form, packing it first when nobody has asked yet. */
  public ByteBuffer packedBuffer() {
    return packedCopy.view(packed());
  }

  /**
   * One form's off-heap copy: none for its first use, made once at its second; none ever for a
   * form under {@link #OFF_HEAP_MIN_BYTES}.
   */
  private static final class OffHeap {
    private final AtomicInteger uses = new AtomicInteger();
    private volatile ByteBuffer copy;

    ByteBuffer view(byte[] bytes) {
      ByteBuffer done = copy;
      if (done == null) {
        if (bytes.length < OFF_HEAP_MIN_BYTES || uses.getAndIncrement() == 0) {
          return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }
        synchronized (this) {
          if (copy == null) {
            copy = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
          }
          done = copy;
        }
      }
      return done.duplicate();
    }
  }

  /** Whether {@link #packed()} has packed the frame (for tests). */
  public boolean isPacked() {
    return packed != null;
  }
}
