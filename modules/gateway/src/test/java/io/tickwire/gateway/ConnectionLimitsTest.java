package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Connection limits")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionLimitsTest {

  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start(json -> {
      json.getJsonObject("gateway").put("maxFrameBytes", 4096)
          .put("rateLimit", new JsonObject().put("framesPerSec", 5).put("burst", 10)
              .put("maxViolations", 20).put("violationWindowMs", 60_000));
      json.getJsonObject("heartbeat").put("intervalMs", 200).put("missedPongs", 2);
    });
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("refuses frames over the rate limit with rate_limited, then closes persistent abuse with 4008")
  void rateLimit() {
    TestSocket socket = node.connect();
    for (int i = 0; i < 15; i++) {
      socket.send(new JsonObject().put("type", "ping").put("id", "p" + i));
    }
    int pongs = 0;
    int limited = 0;
    for (int i = 0; i < 15; i++) {
      JsonObject frame = socket.next();
      if ("pong".equals(frame.getString("type"))) {
        pongs++;
      } else {
        assertThat(frame.getString("code")).isEqualTo("rate_limited");
        limited++;
      }
    }
    // The burst of 10 passes; at most one more token refills while the 15 frames arrive.
    assertThat(pongs).isBetween(10, 11);
    assertThat(limited).isEqualTo(15 - pongs);
    socket.send(new JsonObject().put("type", "ping").put("id", "refused-one"));
    JsonObject refused = socket.next("error");
    assertThat(refused.getString("code")).isEqualTo("rate_limited");
    assertThat(refused.getString("id")).isEqualTo("refused-one");
    for (int i = 0; i < 40; i++) {
      socket.send(new JsonObject().put("type", "ping").put("id", "q" + i));
    }
    assertThat(socket.awaitClose()).isEqualTo(4008);
    assertThat(node.node.registry().find("tickwire.gateway.rate_limited").counter().count())
        .isGreaterThanOrEqualTo(20);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"WebSocket pings, 137", "unsolicited WebSocket pongs, 138",
      "empty fragments of one message, 0"})
  @DisplayName("closes with 4008 a client that floods frames holding no whole message, though it reads")
  void controlFrameFlood(String what, int firstByte) {
    RawSocket raw = RawSocket.connect(node.vertx, node.port);
    // Kept past this node's short heartbeat however slow the machine: only 4008 may close it.
    raw.answerPings = true;
    assertThat(new JsonObject(raw.nextText()).getString("type")).isEqualTo("welcome");
    if (firstByte == 0) {
      // The start of a text message, never finished.
      raw.sendFrames(0x01, "{".getBytes(StandardCharsets.UTF_8), 1);
    }
    // Ten times the frame bucket (burst 100 here), then 20 over it tolerated: 121 close.
    raw.sendFrames(firstByte, firstByte == 0 ? new byte[0]
        : "keep".getBytes(StandardCharsets.UTF_8), 200);
    assertThat(raw.awaitCloseCode()).isEqualTo(4008);
    if (firstByte == 0x89) {
      // Each ping within the allowance was answered before the close.
      assertThat(raw.pongs).isGreaterThanOrEqualTo(100);
    }
  }

  @Test
  @DisplayName("answers every WebSocket ping of a client within its allowance, and keeps it")
  void pingsWithinTheAllowance() {
    RawSocket raw = RawSocket.connect(node.vertx, node.port);
    raw.answerPings = true;
    assertThat(new JsonObject(raw.nextText()).getString("type")).isEqualTo("welcome");
    raw.sendFrames(0x89, "keep".getBytes(StandardCharsets.UTF_8), 90);
    raw.sendText("{\"type\":\"ping\",\"id\":\"after-pings\"}");
    JsonObject pong = new JsonObject(raw.nextText());
    assertThat(pong.getString("type")).isEqualTo("pong");
    assertThat(pong.getString("id")).isEqualTo("after-pings");
    // The pongs went out before the answer to the later text frame.
    assertThat(raw.pongs).isEqualTo(90);
    raw.close();
  }

  @Test
  @DisplayName("closes a connection that sends a frame over the size limit with 1009")
  void oversize() {
    RawSocket raw = RawSocket.connect(node.vertx, node.port);
    raw.sendText("{\"type\":\"ping\",\"id\":\"" + "x".repeat(5000) + "\"}");
    assertThat(raw.awaitCloseCode()).isEqualTo(1009);
  }

  @Test
  @DisplayName("joins a fragmented message under the limit, and closes with 1009 when the fragments add up over it")
  void fragmentedMessages() {
    RawSocket raw = RawSocket.connect(node.vertx, node.port);
    assertThat(new JsonObject(raw.nextText()).getString("type")).isEqualTo("welcome");
    raw.sendFragmented("{\"type\":\"ping\",\"id\":\"joined\",\"pad\":\"" + "y".repeat(3000)
        + "\"}", 1000);
    JsonObject pong = new JsonObject(raw.nextText());
    assertThat(pong.getString("type")).isEqualTo("pong");
    assertThat(pong.getString("id")).isEqualTo("joined");
    raw.sendFragmented("{\"type\":\"ping\",\"id\":\"big\",\"pad\":\"" + "z".repeat(6000)
        + "\"}", 1000);
    assertThat(raw.awaitCloseCode()).isEqualTo(1009);
  }

  @Test
  @DisplayName("closes a connection that stops answering pings with 4000, and keeps one that answers")
  void heartbeatTimeout() {
    TestSocket answering = node.connect();
    RawSocket silent = RawSocket.connect(node.vertx, node.port);
    assertThat(silent.awaitCloseCode()).isEqualTo(4000);
    assertThat(silent.pings).isGreaterThanOrEqualTo(2);
    answering.send(new JsonObject().put("type", "ping").put("id", "still-here"));
    assertThat(answering.next("pong").getString("id")).isEqualTo("still-here");
    assertThat(node.node.registry().find("tickwire.heartbeat.rtt").timer().count())
        .isPositive();
    answering.close();
  }
}
