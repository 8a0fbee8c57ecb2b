package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Presence and join/leave on one node")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PresenceTest {

  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start(json -> {
      JsonObject namespaces = json.getJsonObject("namespaces");
      // room: presence and join/leave; lobby: presence alone; user (owner access): presence.
      namespaces.put("room", policy("public").put("presence", true).put("joinLeave", true));
      namespaces.put("lobby", policy("public").put("presence", true));
      namespaces.getJsonObject("user").put("presence", true);
    });
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static JsonObject policy(String access) {
    return new JsonObject().put("access", access).put("mode", "stream").put("historySize", 10)
        .put("historyTtlMs", 60_000);
  }

  TestSocket as(String user) {
    return user == null ? node.connect() : node.connect("?token=" + node.token(user, 600));
  }

  static JsonObject presence(TestSocket socket, String channel) {
    String id = TestSocket.newId();
    socket.send(new JsonObject().put("type", "presence").put("id", id).put("channel", channel));
    return socket.next(frame -> id.equals(frame.getString("id")));
  }

  static Set<String> sessions(JsonObject presence) {
    return presence.getJsonArray("clients").stream()
        .map(client -> ((JsonObject) client).getString("session")).collect(Collectors.toSet());
  }

  @Test
  @DisplayName("welcome lists the presence and joinLeave features")
  void features() {
    TestSocket socket = as(null);
    assertThat(socket.welcome.getJsonArray("features").getList())
        .contains("presence", "joinLeave");
    socket.close();
  }

  @Test
  @DisplayName("presence lists the channel's subscribers with user, node and joinedAt, and follows unsubscribe and disconnect")
  void listsSubscribers() {
    TestSocket alice = as("alice");
    TestSocket anonymous = as(null);
    TestSocket asker = as("bob");
    long before = System.currentTimeMillis();
    alice.subscribe("lobby.list");
    anonymous.subscribe("lobby.list");

    JsonObject answer = presence(asker, "lobby.list");
    assertThat(answer.getString("type")).isEqualTo("presence");
    assertThat(answer.getString("channel")).isEqualTo("lobby.list");
    assertThat(answer.getInteger("count")).isEqualTo(2);
    assertThat(answer.getInteger("users")).isEqualTo(1);
    assertThat(sessions(answer)).containsExactlyInAnyOrder(
        alice.welcome.getString("session"), anonymous.welcome.getString("session"));
    JsonObject first = answer.getJsonArray("clients").getJsonObject(0);
    assertThat(first.getString("session")).isEqualTo(alice.welcome.getString("session"));
    assertThat(first.getString("user")).isEqualTo("alice");
    assertThat(first.getString("node")).isEqualTo(node.node.id());
    assertThat(first.getLong("joinedAt")).isBetween(before, System.currentTimeMillis());
    JsonObject second = answer.getJsonArray("clients").getJsonObject(1);
    assertThat(second.containsKey("user")).isTrue();
    assertThat(second.getString("user")).isNull();

    alice.unsubscribe(List.of("lobby.list"));
    JsonObject afterUnsubscribe = presence(asker, "lobby.list");
    assertThat(afterUnsubscribe.getInteger("count")).isEqualTo(1);
    assertThat(afterUnsubscribe.getInteger("users")).isEqualTo(0);
    assertThat(sessions(afterUnsubscribe)).containsExactly(anonymous.welcome.getString("session"));

    anonymous.closeAndWait();
    Await.until("the closed connection leaves the presence",
        () -> presence(asker, "lobby.list").getInteger("count") == 0);
    assertThat(presence(asker, "lobby.list").getJsonArray("clients")).isEmpty();
    alice.close();
    asker.close();
  }

  @Test
  @DisplayName("presence is refused as subscribe would be: forbidden, unauthorized, not_found; bad_request without presence or channel")
  void refusals() {
    TestSocket bob = as("bob");
    TestSocket anonymous = as(null);
    assertThat(presence(bob, "user.alice").getString("code")).isEqualTo("forbidden");
    assertThat(presence(as("alice"), "user.alice").getString("type")).isEqualTo("presence");
    assertThat(presence(anonymous, "user.alice").getString("code")).isEqualTo("unauthorized");
    JsonObject noPresence = presence(bob, "prices.BTC-USD");
    assertThat(noPresence.getString("code")).isEqualTo("bad_request");
    assertThat(noPresence.getString("channel")).isEqualTo("prices.BTC-USD");
    assertThat(noPresence.getString("message")).contains("no presence");
    assertThat(presence(bob, "nope.x").getString("code")).isEqualTo("not_found");
    assertThat(presence(bob, "bad name").getString("code")).isEqualTo("bad_request");
    bob.send(new JsonObject().put("type", "presence").put("id", "no-channel"));
    JsonObject missing = bob.next("error");
    assertThat(missing.getString("code")).isEqualTo("bad_request");
    assertThat(missing.getString("id")).isEqualTo("no-channel");
    bob.close();
    anonymous.close();
  }

  @Test
  @DisplayName("GET /api/presence/{channel} answers what the frame answers, and refuses as the API does")
  void httpRoute() {
    TestSocket carol = as("carol");
    carol.subscribe("lobby.http");
    NodeFixture.Response response = node.call(HttpMethod.GET, "/api/presence/lobby.http",
        TestConfig.API_KEY, null);
    assertThat(response.status()).isEqualTo(200);
    JsonObject body = response.json();
    JsonObject frame = presence(carol, "lobby.http");
    frame.remove("type");
    frame.remove("id");
    assertThat(body).isEqualTo(frame);
    assertThat(body.getInteger("count")).isEqualTo(1);
    assertThat(body.getJsonArray("clients").getJsonObject(0).getString("user"))
        .isEqualTo("carol");

    JsonObject empty = node.call(HttpMethod.GET, "/api/presence/lobby.none", TestConfig.API_KEY,
        null).json();
    assertThat(empty).isEqualTo(new JsonObject().put("channel", "lobby.none")
        .put("clients", new JsonArray()).put("users", 0).put("count", 0));
    assertThat(node.call(HttpMethod.GET, "/api/presence/prices.BTC-USD", TestConfig.API_KEY,
        null).status()).isEqualTo(400);
    assertThat(node.call(HttpMethod.GET, "/api/presence/nope.x", TestConfig.API_KEY, null)
        .status()).isEqualTo(404);
    assertThat(node.call(HttpMethod.GET, "/api/presence/lobby.http", "wrong-key", null)
        .status()).isEqualTo(401);
    carol.close();
  }

  @Test
  @DisplayName("join and leave reach every other subscriber once, not the client itself, on subscribe, unsubscribe and disconnect")
  void joinLeave() {
    TestSocket a = as("ann");
    TestSocket b = as("ben");
    TestSocket c = as(null);
    String sessionB = b.welcome.getString("session");
    String sessionC = c.welcome.getString("session");
    a.subscribe("room.j");
    b.subscribe("room.j");
    JsonObject join = a.next("join");
    assertThat(join).isEqualTo(new JsonObject().put("type", "join").put("channel", "room.j")
        .put("client", new JsonObject().put("session", sessionB).put("user", "ben")));
    c.subscribe("room.j");
    assertThat(a.next("join").getJsonObject("client").getString("session")).isEqualTo(sessionC);
    assertThat(b.next("join").getJsonObject("client").getString("session")).isEqualTo(sessionC);

    c.unsubscribe(List.of("room.j"));
    for (TestSocket other : List.of(a, b)) {
      JsonObject leave = other.next("leave");
      assertThat(leave.getString("channel")).isEqualTo("room.j");
      assertThat(leave.getJsonObject("client").getString("session")).isEqualTo(sessionC);
      assertThat(leave.getJsonObject("client").getString("user")).isNull();
    }
    b.closeAndWait();
    JsonObject leave = a.next("leave");
    assertThat(leave.getJsonObject("client")).isEqualTo(new JsonObject()
        .put("session", sessionB).put("user", "ben"));
    // Once each: nothing more for anyone, and nothing of its own for c.
    assertThat(a.drain()).isEmpty();
    assertThat(c.drain()).isEmpty();
    a.close();
    c.close();
  }

  @Test
  @DisplayName("a subscriber of a namespace without joinLeave gets no join or leave frame")
  void noJoinLeaveWithoutTheKey() {
    TestSocket quiet = as("quinn");
    TestSocket prices = as(null);
    quiet.subscribe("lobby.quiet");
    prices.subscribe("prices.BTC-USD");
    TestSocket other = as("otto");
    other.subscribe("lobby.quiet", "prices.BTC-USD");
    other.unsubscribe(List.of("lobby.quiet", "prices.BTC-USD"));
    other.close();
    assertThat(presence(quiet, "lobby.quiet").getInteger("count")).isEqualTo(1);
    assertThat(quiet.drain()).isEmpty();
    assertThat(prices.drain()).isEmpty();
    quiet.close();
    prices.close();
  }
}
