package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
