package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Compression of outbound messages")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressionThresholdTest {

  static final String CHANNEL = "tx.0x" + "5e".repeat(32);
  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("sends messages under 1 KiB uncompressed and larger ones compressed to a client "
      + "that negotiated permessage-deflate")
  void smallUncompressed() {
    RawSocket raw = RawSocket.connectDeflate(node.vertx, node.port, "/ws?channels=" + CHANNEL);

    RawSocket.TextFrame welcome = raw.nextTextFrame();
    assertThat(new JsonObject(welcome.text()).getString("type")).isEqualTo("welcome");
    assertThat(welcome.compressed()).as("welcome compressed").isFalse();
    RawSocket.TextFrame subscribed = raw.nextTextFrame();
    assertThat(new JsonObject(subscribed.text()).getString("type")).isEqualTo("subscribed");
    assertThat(subscribed.compressed()).as("subscribed compressed").isFalse();

    node.publish(CHANNEL, new JsonObject().put("price", 64210.5));
    String big = "x".repeat(4_000);
    node.publish(CHANNEL, new JsonObject().put("blob", big));
    node.publish(CHANNEL, new JsonObject().put("price", 64211.5));

    RawSocket.TextFrame small = raw.nextTextFrame();
    assertThat(small.compressed()).as("small message compressed").isFalse();
    assertThat(new JsonObject(small.text()).getJsonObject("data").getDouble("price"))
        .isEqualTo(64210.5);
    RawSocket.TextFrame large = raw.nextTextFrame();
    assertThat(large.compressed()).as("large message compressed").isTrue();
    assertThat(large.wireBytes()).isLessThan(1_000);
    assertThat(new JsonObject(large.text()).getJsonObject("data").getString("blob"))
        .isEqualTo(big);
    // The compressor's context goes on across the uncompressed message in between.
    RawSocket.TextFrame after = raw.nextTextFrame();
    assertThat(after.compressed()).isFalse();
    assertThat(new JsonObject(after.text()).getJsonObject("data").getDouble("price"))
        .isEqualTo(64211.5);
    raw.close();
  }
}
