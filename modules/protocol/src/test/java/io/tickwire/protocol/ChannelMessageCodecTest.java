package io.tickwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The channel message codec")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ChannelMessageCodecTest {

  private final ChannelMessageCodec codec = new ChannelMessageCodec();

  @Test
  @DisplayName("decodes what it encoded: channel, seq, epoch, ts and frame bytes")
  void roundTrip() {
    ChannelMessage message = ChannelMessage.of("prices.BTC-USD", 42, "a1b2c3d4",
        1_700_000_000_123L, new JsonObject().put("price", 64_000.5));
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, message);
    assertSame(codec.decodeFromWire(0, buffer), message);
  }

  @Test
  @DisplayName("decodes from the given position, after what precedes it in the buffer")
  void position() {
    ChannelMessage message = ChannelMessage.of("blocks", Long.MAX_VALUE, "e", 0, 1);
    Buffer buffer = Buffer.buffer().appendString("header-bytes");
    codec.encodeToWire(buffer, message);
    assertSame(codec.decodeFromWire("header-bytes".length(), buffer), message);
  }

  @Test
  @DisplayName("counts strings in UTF-8 bytes, not characters")
  void utf8() {
    ChannelMessage message = ChannelMessage.of("chat.salon-été", 3, "époque-€",
        1_700_000_000_000L, new JsonObject().put("text", "日本語 – ça va? 🚀"));
    assertThat(message.frame().length).isGreaterThan(message.frameText().length());
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, message);
    ChannelMessage decoded = codec.decodeFromWire(0, buffer);
    assertSame(decoded, message);
    assertThat(new JsonObject(decoded.frameText()).getJsonObject("data").getString("text"))
        .isEqualTo("日本語 – ça va? 🚀");
    int expected = 4 + "chat.salon-été".getBytes(StandardCharsets.UTF_8).length + 8
        + 4 + "époque-€".getBytes(StandardCharsets.UTF_8).length + 8
        + 4 + message.frame().length;
    assertThat(buffer.length()).isEqualTo(expected);
  }

  @Test
  @DisplayName("passes a local message as the same instance, frame not copied")
  void transform() {
    ChannelMessage message = ChannelMessage.of("tx.a", 1, "e", 1, "x");
    ChannelMessage local = codec.transform(message);
    assertThat(local).isSameAs(message);
    assertThat(local.frame()).isSameAs(message.frame());
  }

  @Test
  @DisplayName("is a user codec named tickwire-channel-message")
  void identity() {
    assertThat(codec.name()).isEqualTo("tickwire-channel-message")
        .isEqualTo(ChannelMessageCodec.NAME);
    assertThat(codec.systemCodecID()).isEqualTo((byte) -1);
  }

  private static void assertSame(ChannelMessage decoded, ChannelMessage original) {
    assertThat(decoded.channel()).isEqualTo(original.channel());
    assertThat(decoded.seq()).isEqualTo(original.seq());
    assertThat(decoded.epoch()).isEqualTo(original.epoch());
    assertThat(decoded.ts()).isEqualTo(original.ts());
    assertThat(decoded.frame()).isEqualTo(original.frame());
    assertThat(decoded.frameText()).isEqualTo(original.frameText());
  }
}
