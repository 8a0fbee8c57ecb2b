package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestConfig;
import io.tickwire.gateway.fanout.Fanout;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("A channel with more subscribers on one gateway instance than one slice")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FanoutSliceTest {

  /** Two and a half slices on the node's single gateway instance. */
  private static final int SUBSCRIBERS = Fanout.SLICE * 5 / 2;
  private static final int MESSAGES = 40;

  static GatewayFixture node;
  static final List<RawSocket> sockets = new ArrayList<>();

  @BeforeAll
  static void start() {
    node = GatewayFixture.start(json -> json.getJsonObject("gateway").put("instances", 1));
    for (int i = 0; i < SUBSCRIBERS; i++) {
      RawSocket socket = RawSocket.connect(node.vertx, node.port, "/ws?channels=tx.sliced");
      assertThat(next(socket).getString("type")).isEqualTo("welcome");
      assertThat(next(socket).getString("type")).isEqualTo("subscribed");
      sockets.add(socket);
    }
  }

  @AfterAll
  static void stop() {
    sockets.forEach(RawSocket::close);
    node.close();
  }

  @Test
  @DisplayName("every subscriber gets every message in order, messages published back to back")
  void inOrder() {
    JsonArray batch = new JsonArray();
    for (int i = 0; i < MESSAGES; i++) {
      batch.add(new JsonObject().put("channel", "tx.sliced").put("data", i));
    }
    GatewayFixture.Response response = node.call(HttpMethod.POST, "/api/publish", TestConfig.API_KEY,
        batch.encode());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    long first = new JsonArray(response.body()).getJsonObject(0).getLong("seq");
    for (RawSocket socket : sockets) {
      for (int i = 0; i < MESSAGES; i++) {
        JsonObject message = next(socket);
        assertThat(message.getString("type")).isEqualTo("message");
        assertThat(message.getLong("seq")).isEqualTo(first + i);
        assertThat(message.getInteger("data")).isEqualTo(i);
      }
    }
  }

  @Test
  @DisplayName("a subscriber that left gets nothing more; the others get every message")
  void leaving() {
    RawSocket leaver = sockets.remove(sockets.size() - 1);
    leaver.sendText(new JsonObject().put("type", "unsubscribe").put("id", "u1")
        .put("channels", new JsonArray().add("tx.sliced")).encode());
    assertThat(next(leaver).getString("type")).isEqualTo("unsubscribed");
    long seq = node.publish("tx.sliced", "after").getLong("seq");
    for (RawSocket socket : sockets) {
      assertThat(next(socket).getLong("seq")).isEqualTo(seq);
    }
    // Every other subscriber of the instance has the message: the leaver would have it too.
    leaver.sendText(new JsonObject().put("type", "ping").put("id", "p1").encode());
    assertThat(next(leaver).getString("type")).isEqualTo("pong");
    leaver.close();
  }

  private static JsonObject next(RawSocket socket) {
    return new JsonObject(socket.nextText());
  }
}
