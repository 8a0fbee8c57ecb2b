package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
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

@DisplayName("gateway.autoSubscribe: server-side subscriptions on one node")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AutoSubscribeTest {

  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start(json -> {
      JsonObject extra = TestConfig.gateway().desks().json();
      json.getJsonObject("namespaces").mergeIn(extra.getJsonObject("namespaces"));
      json.getJsonObject("gateway").mergeIn(extra.getJsonObject("gateway"));
      // Server-side subscriptions of a presence namespace count as its members.
      json.getJsonObject("namespaces").getJsonObject("system").put("presence", true);
    });
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("every connection, with or without a token, is subscribed at connect and told so in welcome")
  void everyConnection() {
    List<TestSocket> sockets = new ArrayList<>();
    sockets.add(node.connect());
    sockets.add(node.connect("?token=" + node.token("alice", 600)));
    sockets.add(node.connect("?channels=tx.auto-connect"));
    for (TestSocket socket : sockets) {
      assertThat(socket.welcome.getJsonArray("subscriptions"))
          .isEqualTo(new JsonArray().add("system.announcements"));
      assertThat(socket.welcome.getInteger("protocol")).isEqualTo(1);
      assertThat(socket.welcome.getJsonArray("features").getList()).contains("autoSubscribe");
    }
    // ?channels= is still answered, after the server's own subscription.
    assertThat(sockets.get(2).next("subscribed").getString("id")).isEqualTo("connect");
    // Each socket is subscribed once its own loop has joined the channel: a ping answered means
    // the join (done in the same turn as welcome) is behind it.
    sockets.forEach(TestSocket::drain);
    JsonObject published = node.publish("system.announcements",
        new JsonObject().put("text", "trading halt at 15:00"));
    for (TestSocket socket : sockets) {
      JsonObject message = socket.message("system.announcements");
      assertThat(message.getLong("seq")).isEqualTo(published.getLong("seq"));
      assertThat(message.getString("epoch")).isEqualTo(published.getString("epoch"));
      assertThat(message.getJsonObject("data").getString("text"))
          .isEqualTo("trading halt at 15:00");
      socket.close();
    }
  }

  @Test
  @DisplayName("a server-side subscription of a presence namespace is a member, like a subscribe's")
  void presence() {
    TestSocket alice = node.connect("?token=" + node.token("alice", 600));
    TestSocket anonymous = node.connect();
    // Subscribing again is answered once the server's own subscription is granted: in the same
    // turn as it records the member.
    alice.subscribeAll("system.announcements");
    anonymous.subscribeAll("system.announcements");
    JsonObject answer = alice.answer(presenceFrame(alice));
    assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("presence");
    assertThat(answer.getJsonArray("clients").stream()
        .map(client -> ((JsonObject) client).getString("session")))
        .contains(alice.welcome.getString("session"), anonymous.welcome.getString("session"));
    assertThat(answer.getJsonArray("clients").stream()
        .map(client -> ((JsonObject) client).getString("user"))).contains("alice");

    anonymous.close();
    alice.close();
  }

  /** Sends a presence frame for the announcements; answers its id. */
  static String presenceFrame(TestSocket socket) {
    String id = TestSocket.newId();
    socket.send(new JsonObject().put("type", "presence").put("id", id)
        .put("channel", "system.announcements"));
    return id;
  }

  @Test
  @DisplayName("unsubscribe of a server-side subscription is forbidden and keeps it; the other channels of the frame are left")
  void cannotLeave() {
    TestSocket socket = node.connect();
    socket.subscribeAll("tx.auto-leave");
    String id = TestSocket.newId();
    socket.send(new JsonObject().put("type", "unsubscribe").put("id", id)
        .put("channels", new JsonArray().add("system.announcements").add("tx.auto-leave")));
    JsonObject refused = socket.answer(id);
    assertThat(refused.getString("type")).isEqualTo("error");
    assertThat(refused.getString("code")).isEqualTo("forbidden");
    assertThat(refused.getString("channel")).isEqualTo("system.announcements");
    JsonObject unsubscribed = socket.answer(id);
    assertThat(unsubscribed.getString("type")).isEqualTo("unsubscribed");
    assertThat(unsubscribed.getJsonArray("channels")).isEqualTo(new JsonArray()
        .add("tx.auto-leave"));

    node.publish("tx.auto-leave", "gone");
    node.publish("system.announcements", "still here");
    List<JsonObject> after = socket.drain();
    assertThat(after).extracting(f -> f.getString("channel"))
        .containsExactly("system.announcements");
    // Subscribing again to it is harmless: it is granted where it stands.
    JsonObject again = socket.subscribeAll("system.announcements");
    assertThat(again.getJsonArray("channels").getJsonObject(0).getBoolean("recovered"))
        .isFalse();
    socket.close();
  }
}
