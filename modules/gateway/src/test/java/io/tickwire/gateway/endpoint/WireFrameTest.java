package io.tickwire.gateway.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.SplicedFrame;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Frames encoded once for the wire: a channel message's, and a spliced answer's")
class WireFrameTest {

  @Test
  @DisplayName("has the bytes Netty's server-side frame encoder writes, at every length form")
  void sameAsNetty() {
    for (int length : new int[] {0, 1, 125, 126, 127, 1_000, 65_535, 65_536, 200_000}) {
      byte[] payload = new byte[length];
      Arrays.fill(payload, (byte) 'x');
      ByteBuf ours = WireFrame.encode(payload);
      try {
        assertThat(ByteBufUtil.getBytes(ours)).as("frame of %d bytes", length)
            .isEqualTo(netty(payload));
      } finally {
        ours.release();
      }
    }
  }

  @Test
  @DisplayName("is encoded once per message on a thread, each write a view released on its own")
  void onceEachMessage() {
    ChannelMessage first = ChannelMessage.of("tx.a", 1, "e", 1L, "one");
    ChannelMessage second = ChannelMessage.of("tx.a", 2, "e", 2L, "two");
    ByteBuf a1 = WireFrame.of(first);
    ByteBuf a2 = WireFrame.of(first);
    assertThat(a1.unwrap()).isSameAs(a2.unwrap());
    assertThat(ByteBufUtil.getBytes(a1)).isEqualTo(ByteBufUtil.getBytes(a2));
    a1.release();
    a2.release();
    ByteBuf b = WireFrame.of(second);
    assertThat(b.unwrap()).isNotSameAs(a1.unwrap());
    // The first message's frame was released once no write and no cache held it.
    assertThat(a1.unwrap().refCnt()).isZero();
    assertThat(new String(ByteBufUtil.getBytes(b), 2, b.readableBytes() - 2))
        .isEqualTo(second.frameText());
    b.release();
  }

  @Test
  @DisplayName("writes a spliced answer in frames of at most the frame size, the first with the head and the start of the tail, read back whole by Netty's decoder")
  void spliced() {
    int max = 256;
    // {head, tail, expected frame payload sizes}
    int[][] cases = {{30, 0, 30}, {30, 100, 130}, {30, 226, 256}, {30, 227, 256, 1},
        {30, 1000, 256, 256, 256, 256, 6}, {256, 10, 256, 10}, {0, 300, 256, 44}};
    for (int[] c : cases) {
      byte[] head = new byte[c[0]];
      Arrays.fill(head, (byte) 'h');
      byte[] tail = new byte[c[1]];
      for (int i = 0; i < tail.length; i++) {
        tail[i] = (byte) ('a' + i % 26);
      }
      String what = c[0] + " + " + c[1] + " bytes";
      ByteBuffer offHeap = ByteBuffer.allocateDirect(tail.length + 5).put(new byte[5]).put(tail)
          .flip().position(5);
      for (boolean binary : new boolean[] {false, true}) {
        CoalescingFlush stage = new CoalescingFlush();
        EmbeddedChannel channel = new EmbeddedChannel(stage);
        WireFrame.writeSpliced(stage, new SplicedFrame(head, offHeap.asReadOnlyBuffer()), binary,
            max);
        channel.runPendingTasks();
        ByteBuf wire = drain(channel);
        EmbeddedChannel decoder = new EmbeddedChannel(new WebSocket08FrameDecoder(
            WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false)
                .maxFramePayloadLength(1 << 20).build()));
        decoder.writeInbound(wire);
        ByteBuf message = Unpooled.buffer();
        int frames = 0;
        for (Object in = decoder.readInbound(); in != null; in = decoder.readInbound()) {
          WebSocketFrame frame = (WebSocketFrame) in;
          assertThat(frame.content().readableBytes()).as("%s: frame %d", what, frames)
              .isEqualTo(c[2 + frames]);
          assertThat(frame.isFinalFragment()).as("%s: frame %d final", what, frames)
              .isEqualTo(frames == c.length - 3);
          if (frames == 0) {
            assertThat(frame).isInstanceOf(binary ? BinaryWebSocketFrame.class
                : TextWebSocketFrame.class);
          } else {
            assertThat(frame).isInstanceOf(ContinuationWebSocketFrame.class);
          }
          message.writeBytes(frame.content());
          frame.release();
          frames++;
        }
        decoder.finish();
        assertThat(frames).as(what).isEqualTo(c.length - 2);
        byte[] whole = new byte[head.length + tail.length];
        System.arraycopy(head, 0, whole, 0, head.length);
        System.arraycopy(tail, 0, whole, head.length, tail.length);
        assertThat(ByteBufUtil.getBytes(message)).as(what).isEqualTo(whole);
      }
    }
  }

  private static byte[] netty(byte[] payload) {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
    channel.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    return ByteBufUtil.getBytes(drain(channel));
  }

  /** What {@code channel} wrote, its parts joined in one buffer and released; then finishes it. */
  private static ByteBuf drain(EmbeddedChannel channel) {
    ByteBuf all = Unpooled.buffer();
    for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
      ByteBuf part = (ByteBuf) out;
      all.writeBytes(part);
      part.release();
    }
    channel.finish();
    return all;
  }
}
