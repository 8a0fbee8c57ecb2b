package io.tickwire.gateway.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.tickwire.protocol.ChannelMessage;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A channel message's frame encoded once for the wire")
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

  private static byte[] netty(byte[] payload) {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
    channel.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    ByteBuf all = Unpooled.buffer();
    for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
      ByteBuf part = (ByteBuf) out;
      all.writeBytes(part);
      part.release();
    }
    channel.finish();
    return ByteBufUtil.getBytes(all);
  }
}
