package io.tickwire.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A server frame that is not a channel message but still goes to many connections (a
 * {@code join} or {@code leave}, a channel's presence): encoded once as UTF-8 JSON text, and
 * packed once as MessagePack ({@link MsgPack}) when the first connection that negotiated it asks,
 * never for a node with none. Every connection is written the same bytes: treat them as
 * immutable. Any thread.
 */
public final class SharedFrame {

  private final String text;
  private final byte[] utf8;
  /** The MessagePack form, once asked for. */
  private volatile byte[] packed;

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

  /** Whether {@link #packed()} has packed the frame (for tests). */
  public boolean isPacked() {
    return packed != null;
  }
}
