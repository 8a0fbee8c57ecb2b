package io.tickwire.gateway.endpoint;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.vertx.core.http.HttpConnection;

/**
 * A pipeline stage of one WebSocket that negotiated compression: whole messages smaller than
 * {@link #MIN_BYTES} go out uncompressed, past the deflate encoder; larger ones are compressed
 * as before.
 *
 * <p>Compressing every message costs a deflate per socket per message on the server (the shared
 * frame bytes are then copied into each socket's compressor) and an inflate per message on the
 * client, and for a message of a few hundred bytes it saves little. Clients whose inflate is
 * asynchronous (Node's {@code ws}, with its inflates queued on a small thread pool) fall behind
 * at a few thousand messages a second while their event loop is idle: measured in
 * docs/benchmarks.md. permessage-deflate lets the sender leave any message uncompressed (RFC
 * 7692, section 6: RSV1 clear), and the compressor's context is untouched by such a message.
 *
 * <p>Threading: every method runs on the channel's event loop.
 */
final class CompressionThreshold extends ChannelOutboundHandlerAdapter {

  static final String NAME = "tickwire-compression-threshold";

  /** Messages smaller than this many bytes are sent uncompressed ({@value} bytes). */
  static final int MIN_BYTES = 1_024;

  private final ChannelHandlerContext encoder;

  private CompressionThreshold(ChannelHandlerContext encoder) {
    this.encoder = encoder;
  }

  /**
   * Puts the stage in front of the deflate encoder of an upgraded connection, if compression
   * was negotiated (compression is the only extension the server offers); call on the
   * connection's event loop, before writing. Answers whether compression was negotiated.
   */
  static boolean install(HttpConnection upgraded) {
    ChannelPipeline pipeline = VertxInternals.pipeline(upgraded);
    ChannelHandlerContext encoder = pipeline.context(WebSocketExtensionEncoder.class);
    if (encoder != null) {
      pipeline.addAfter(encoder.name(), NAME, new CompressionThreshold(encoder));
    }
    return encoder != null;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (small(msg)) {
      // Written from the encoder's place in the pipeline, the frame goes to the stage after it.
      encoder.write(msg, promise);
    } else {
      ctx.write(msg, promise);
    }
  }

  /**
   * A whole text or binary message under the threshold. A fragment of a message goes through
   * the encoder, which may be compressing that message.
   */
  private static boolean small(Object msg) {
    return (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame)
        && ((WebSocketFrame) msg).isFinalFragment() && ((WebSocketFrame) msg).rsv() == 0
        && ((WebSocketFrame) msg).content().readableBytes() < MIN_BYTES;
  }
}
