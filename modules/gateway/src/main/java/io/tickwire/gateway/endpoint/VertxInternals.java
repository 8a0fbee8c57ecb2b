package io.tickwire.gateway.endpoint;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Every use tickwire makes of a type Vert.x does not publish ({@code io.vertx.core.*.impl},
 * {@code io.vertx.core.internal}), in one place, each for a cost on the hot path that no public
 * API avoids (docs/benchmarks.md, "Vert.x internals"):
 *
 * <ul>
 *   <li>{@link #textFrame}: a text frame around bytes already encoded, shared by every socket
 *       of a fan-out; the public {@code WebSocketFrame.textFrame} takes a {@code String} and
 *       encodes it again for each socket. {@link #binaryFrame} likewise for MessagePack bytes,
 *       where the public {@code WebSocketFrame.binaryFrame} takes a {@code Buffer}, which copies
 *       an array it is made from. {@link #writeMessage}: such bytes as one message in
 *       frames of a bounded size, sliced, not copied (an answer larger than a frame).
 *   <li>{@link #pipeline} and {@link #vertxHandler}: the Netty pipeline of a server connection,
 *       and the Vert.x handler in it, where the WebSocket's own stages go ({@link CoalescingFlush},
 *       {@link CompressionThreshold}, {@link InflateLimit}); no public API reaches a connection's
 *       channel.
 *   <li>{@link #laterTurn}: tasks for a later turn of a context's event loop, after it has read
 *       its sockets; {@code runOnContext} runs before them, and a timer waits a millisecond.
 * </ul>
 *
 * <p>They were written against Vert.x {@value #PINNED_VERTX_VERSION}, the version the build pins
 * ({@code vertx.version} in the parent pom). {@code VertxInternalsTest} checks each assumption on
 * a real server connection and fails when an upgrade changes one: upgrade Vert.x, run it, then
 * move {@link #PINNED_VERTX_VERSION}. Threading: as the methods say; no state.
 */
public final class VertxInternals {

  /** The Vert.x version these internals were written and checked against. */
  public static final String PINNED_VERTX_VERSION = "5.0.10";

  /** Where vertx-core's jar records its version. */
  private static final String VERSION_RESOURCE = "META-INF/vertx/vertx-version.txt";

  private VertxInternals() {
  }

  /** The version of the vertx-core on the class path. */
  public static String runningVersion() {
    try (InputStream in = ConnectionBase.class.getClassLoader()
        .getResourceAsStream(VERSION_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(VERSION_RESOURCE + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A final text frame whose payload is {@code utf8}, wrapped, not copied: the bytes must not
   * change afterwards. Any thread.
   */
  public static WebSocketFrame textFrame(byte[] utf8) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true);
  }

  /**
   * A final binary frame whose payload is {@code bytes}, wrapped, not copied: the bytes must not
   * change afterwards. Any thread.
   */
  public static WebSocketFrame binaryFrame(byte[] bytes) {
    return new WebSocketFrameImpl(WebSocketFrameType.BINARY, bytes, true);
  }

  /**
   * Writes {@code bytes} (encoded once, maybe shared by many sockets: they must not change
   * afterwards) as one text or binary ({@code binary}) message: one frame when it fits in
   * {@code maxFrameBytes}, else a first frame and continuation frames of at most that many bytes,
   * as {@code writeTextMessage} fragments, each a slice of the array, not a copy. Call on the
   * socket's event loop.
   */
  public static void writeMessage(WebSocketBase ws, byte[] bytes, boolean binary,
      int maxFrameBytes) {
    WebSocketFrameType type = binary ? WebSocketFrameType.BINARY : WebSocketFrameType.TEXT;
    if (bytes.length <= maxFrameBytes) {
      ws.writeFrame(new WebSocketFrameImpl(type, bytes, true));
      return;
    }
    for (int offset = 0; offset < bytes.length; offset += maxFrameBytes) {
      int length = Math.min(maxFrameBytes, bytes.length - offset);
      ws.writeFrame(new WebSocketFrameImpl(offset == 0 ? type : WebSocketFrameType.CONTINUATION,
          Unpooled.wrappedBuffer(bytes, offset, length), offset + length == bytes.length));
    }
  }

  /**
   * The Netty pipeline of a server connection, HTTP/1.x or the WebSocket it was upgraded to.
   * Call on the connection's event loop.
   */
  static ChannelPipeline pipeline(HttpConnection connection) {
    return ((ConnectionBase) connection).channel().pipeline();
  }

  /**
   * The name of the Vert.x handler in {@code pipeline}, the last stage before the connection's
   * Vert.x objects: a stage added before it sees every frame the connection writes and writes
   * past the WebSocket frame encoder. Call on the connection's event loop.
   *
   * @throws IllegalStateException when the pipeline has none
   */
  static String vertxHandler(ChannelPipeline pipeline) {
    ChannelHandlerContext handler = pipeline.context(VertxHandler.class);
    if (handler == null) {
      throw new IllegalStateException("no Vert.x handler in the connection's pipeline "
          + pipeline.names() + " (written for Vert.x " + PINNED_VERTX_VERSION + ")");
    }
    return handler.name();
  }

  /**
   * Runs tasks on {@code context} in a later turn of its event loop: a task handed over now runs
   * only after the loop has read its sockets, unlike one queued with {@code runOnContext}, which
   * runs before them. {@code context} must be an event-loop context.
   */
  static Executor laterTurn(Context context) {
    ContextInternal own = (ContextInternal) context;
    return task -> own.nettyEventLoop().schedule(() -> own.dispatch(task), 0,
        TimeUnit.NANOSECONDS);
  }
}
