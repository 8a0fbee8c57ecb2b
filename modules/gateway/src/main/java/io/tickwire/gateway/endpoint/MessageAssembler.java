package io.tickwire.gateway.endpoint;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;

/**
 * Joins the frames of one WebSocket message and enforces the message size limit on what the
 * message holds once inflated, whether it came in one frame or in fragments (the frame decoder
 * limits each frame's bytes on the wire, {@link InflateLimit} each frame's inflation to one byte
 * over the limit). Owned by one connection's event loop.
 */
final class MessageAssembler {

  /** What a frame completed. */
  sealed interface Result {
  }

  /** A complete text message. */
  record Text(String text) implements Result {
  }

  /** A complete binary message (a MessagePack frame, or refused on a JSON connection). */
  record Binary(byte[] bytes) implements Result {
  }

  /** The message grew over the limit. */
  record TooLarge() implements Result {
  }

  private final int maxBytes;
  private Buffer parts;
  private boolean text;

  MessageAssembler(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Takes one data frame; answers {@code null} while the message is incomplete. */
  Result accept(WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary()) {
      if (frame.isFinal()) {
        parts = null;
        if (frame.binaryData().length() > maxBytes) {
          return new TooLarge();
        }
        return frame.isText() ? new Text(frame.textData())
            : new Binary(frame.binaryData().getBytes());
      }
      text = frame.isText();
      parts = frame.binaryData().copy();
    } else if (frame.isContinuation() && parts != null) {
      parts.appendBuffer(frame.binaryData());
    } else {
      return null;
    }
    if (parts.length() > maxBytes) {
      parts = null;
      return new TooLarge();
    }
    if (!frame.isFinal()) {
      return null;
    }
    Buffer whole = parts;
    parts = null;
    return text ? new Text(whole.toString(StandardCharsets.UTF_8)) : new Binary(whole.getBytes());
  }
}
