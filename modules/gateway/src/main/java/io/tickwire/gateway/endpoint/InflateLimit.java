package io.tickwire.gateway.endpoint;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.DeflateFrameServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds how far a compressed WebSocket frame may inflate. Vert.x installs Netty's deflate
 * extensions (permessage-deflate, deflate-frame) with no bound on the inflated size: the frame
 * size limit only sees the compressed bytes, so 64 KiB on the wire can inflate to 64 MiB in
 * memory before any check of ours runs. This replaces them, on each connection before it sends
 * its upgrade request, with the same extensions, negotiated the same way, whose inflater stops
 * after {@code maxBytes + 1} bytes of one frame and fails it (see {@link #overLimit}); what passes
 * is at most one byte over the limit, which the {@link MessageAssembler} then refuses.
 *
 * <p>Like {@link CoalescingFlush} and {@link CompressionThreshold}, it reaches into the
 * connection's Netty pipeline ({@link VertxInternals#pipeline}). Runs on the connection's event loop, from the server's connection
 * handler.
 */
final class InflateLimit {

  private static final String EXHAUSTED = "Decompression buffer has reached maximum size";

  private InflateLimit() {
  }

  /** Swaps the connection's WebSocket extension handler for a bounded one (HTTP/1.x only). */
  static void install(HttpConnection connection, HttpServerOptions options, int maxBytes) {
    ChannelPipeline pipeline = VertxInternals.pipeline(connection);
    if (pipeline.get(WebSocketServerExtensionHandler.class) == null) {
      return;
    }
    int maxAllocation = maxBytes + 1;
    List<WebSocketServerExtensionHandshaker> handshakers = new ArrayList<>(2);
    if (options.getPerFrameWebSocketCompressionSupported()) {
      handshakers.add(new DeflateFrameServerExtensionHandshaker(
          options.getWebSocketCompressionLevel(), maxAllocation));
    }
    if (options.getPerMessageWebSocketCompressionSupported()) {
      handshakers.add(new PerMessageDeflateServerExtensionHandshaker(
          options.getWebSocketCompressionLevel(),
          ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
          PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
          options.getWebSocketAllowServerNoContext(),
          options.getWebSocketPreferredClientNoContext(), maxAllocation));
    }
    pipeline.replace(WebSocketServerExtensionHandler.class, "webSocketExtensionHandler",
        new WebSocketServerExtensionHandler(
            handshakers.toArray(new WebSocketServerExtensionHandshaker[0])));
  }

  /** Whether a socket failure is a frame whose inflation this bound stopped. */
  static boolean overLimit(Throwable failure) {
    return failure instanceof DecompressionException && failure.getMessage() != null
        && failure.getMessage().startsWith(EXHAUSTED);
  }
}
