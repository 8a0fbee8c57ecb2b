package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.Methods;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The WebSocket endpoint")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndpointTest {

  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start(json -> json.getJsonObject("gateway").put("requestTimeoutMs", 500)
        .put("maxSubscriptions", 6));
    Await.result(Methods.register(node.vertx, "test.fail", call -> Future.failedFuture(
        new ProtocolException(ErrorCode.FORBIDDEN, "not for you"))).completion());
    Await.result(Methods.register(node.vertx, "test.silent", call -> Future.future(p -> { }))
        .completion());
    Await.result(Methods.register(node.vertx, "test.whoami", call -> Future.succeededFuture(
        new JsonObject().put("user", call.user()).put("wallets",
            new JsonArray(List.copyOf(call.wallets()))))).completion());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("greets every connection with a welcome frame naming session, node, protocol and heartbeat")
  void welcome() {
    TestSocket socket = node.connect();
    assertThat(socket.welcome.getString("session")).isNotBlank();
    assertThat(socket.welcome.getString("node")).isEqualTo(node.node.id());
    assertThat(socket.welcome.getInteger("protocol")).isEqualTo(1);
    assertThat(socket.welcome.getLong("heartbeatMs")).isEqualTo(600_000L);
    assertThat(socket.welcome.getJsonArray("features").getList()).contains("msgpack");
    socket.close();
  }

  @Test
  @DisplayName("answers ping with pong carrying the id and the client's ts")
  void ping() {
    TestSocket socket = node.connect();
    socket.send(new JsonObject().put("type", "ping").put("id", "p1").put("ts", 42));
    JsonObject pong = socket.next("pong");
    assertThat(pong.getString("id")).isEqualTo("p1");
    assertThat(pong.getLong("ts")).isEqualTo(42L);
    socket.send(new JsonObject().put("type", "ping").put("id", "p2"));
    assertThat(socket.next("pong").getLong("ts")).isGreaterThan(1_600_000_000_000L);
    socket.close();
  }

  @Test
  @DisplayName("answers malformed frames with bad_request and keeps the connection open")
  void badFrames() {
    TestSocket socket = node.connect();
    socket.sendText("{not json");
    assertError(socket.next("error"), "bad_request", null);
    socket.sendText("[1,2]");
    assertError(socket.next("error"), "bad_request", null);
    socket.send(new JsonObject().put("type", "dance").put("id", "d1"));
    JsonObject unknown = socket.next("error");
    assertError(unknown, "bad_request", "d1");
    assertThat(unknown.getString("message")).contains("dance");
    socket.send(new JsonObject().put("type", "subscribe").put("id", "s1"));
    assertThat(socket.next("error").getString("message")).contains("channels");
    socket.send(new JsonObject().put("type", "subscribe").put("channels", new JsonArray()
        .add("prices.BTC-USD")));
    assertThat(socket.next("error").getString("message")).contains("'id' is required");
    socket.send(new JsonObject().put("type", "ping").put("id", "x".repeat(65)));
    assertThat(socket.next("error").getString("message")).contains("'id'");
    socket.send(new JsonObject().put("type", "request").put("id", "r1").put("method", "Nope"));
    assertError(socket.next("error"), "bad_request", "r1");
    socket.ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer("{}"));
    assertThat(socket.next("error").getString("message")).contains("binary");
    socket.send(new JsonObject().put("type", "ping").put("id", "alive"));
    assertThat(socket.next("pong").getString("id")).isEqualTo("alive");
    socket.close();
  }

  @Test
  @DisplayName("delivers published messages to subscribers in seq order, and stops after unsubscribe")
  void publishSubscribe() {
    TestSocket socket = node.connect();
    JsonObject subscribed = socket.subscribe("tx.0xabc");
    JsonObject granted = subscribed.getJsonArray("channels").getJsonObject(0);
    assertThat(granted.getString("channel")).isEqualTo("tx.0xabc");
    assertThat(granted.getBoolean("recovered")).isFalse();
    for (int i = 1; i <= 3; i++) {
      node.publish("tx.0xabc", new JsonObject().put("n", i));
    }
    for (int i = 1; i <= 3; i++) {
      JsonObject message = socket.next("message");
      assertThat(message.getString("channel")).isEqualTo("tx.0xabc");
      assertThat(message.getLong("seq")).isEqualTo(granted.getLong("seq") + i);
      assertThat(message.getString("epoch")).isEqualTo(granted.getString("epoch"));
      assertThat(message.getJsonObject("data").getInteger("n")).isEqualTo(i);
      assertThat(message.getLong("ts")).isPositive();
    }
    socket.send(new JsonObject().put("type", "unsubscribe").put("id", "u1")
        .put("channels", new JsonArray().add("tx.0xabc")));
    JsonObject unsubscribed = socket.next("unsubscribed");
    assertThat(unsubscribed.getString("id")).isEqualTo("u1");
    assertThat(unsubscribed.getJsonArray("channels")).containsExactly("tx.0xabc");
    node.publish("tx.0xabc", new JsonObject().put("n", 4));
    assertThat(socket.drain()).isEmpty();
    socket.close();
  }

  @Test
  @DisplayName("sends a latest-mode channel's current value at once to a new subscriber")
  void latestCurrentValue() {
    node.publish("prices.CUR-USD", new JsonObject().put("price", 1));
    node.publish("prices.CUR-USD", new JsonObject().put("price", 2));
    TestSocket socket = node.connect();
    JsonObject subscribed = socket.subscribe("prices.CUR-USD");
    assertThat(subscribed.getJsonArray("channels").getJsonObject(0).getLong("seq")).isEqualTo(2);
    JsonObject current = socket.next("message");
    assertThat(current.getLong("seq")).isEqualTo(2);
    assertThat(current.getJsonObject("data").getInteger("price")).isEqualTo(2);
    socket.close();
  }

  @Test
  @DisplayName("subscribes at connect with ?channels= and answers with id 'connect'")
  void channelsAtConnect() {
    TestSocket socket = node.connect("?channels=blocks,nope.x");
    JsonObject subscribed = socket.next("subscribed");
    assertThat(subscribed.getString("id")).isEqualTo("connect");
    assertThat(subscribed.getJsonArray("channels").getJsonObject(0).getString("channel"))
        .isEqualTo("blocks");
    JsonObject refused = subscribed.getJsonArray("errors").getJsonObject(0);
    assertThat(refused.getString("code")).isEqualTo("not_found");
    assertThat(refused.getString("channel")).isEqualTo("nope.x");
    node.publish("blocks", new JsonObject().put("number", 1));
    assertThat(socket.next("message").getString("channel")).isEqualTo("blocks");
    socket.close();
  }

  @Test
  @DisplayName("grants own wallet and user channels and refuses foreign ones with forbidden, anonymous with unauthorized")
  void acl() {
    String token = node.token("alice", 600, "0xAbCd");
    TestSocket alice = node.connect("?token=" + token);
    String id = TestSocket.newId();
    alice.send(new JsonObject().put("type", "subscribe").put("id", id).put("channels",
        new JsonArray().add("wallet.0xabcd").add("wallet.0xBEEF").add("user.alice")
            .add("user.bob").add("nope.x").add("bad name")));
    JsonObject subscribed = alice.next("subscribed");
    assertThat(subscribed.getString("id")).isEqualTo(id);
    assertThat(subscribed.getJsonArray("channels").stream()
        .map(c -> ((JsonObject) c).getString("channel")).toList())
        .containsExactly("wallet.0xabcd", "user.alice");
    assertThat(subscribed.getJsonArray("errors").stream().map(JsonObject.class::cast))
        .extracting(f -> f.getString("channel") + ":" + f.getString("code"))
        .containsExactly("wallet.0xBEEF:forbidden", "user.bob:forbidden",
            "nope.x:not_found", "bad name:bad_request");
    alice.close();

    TestSocket anonymous = node.connect();
    anonymous.send(new JsonObject().put("type", "subscribe").put("id", "a1").put("channels",
        new JsonArray().add("user.alice")));
    JsonObject nothing = anonymous.next("subscribed");
    assertThat(nothing.getString("id")).isEqualTo("a1");
    assertThat(nothing.getJsonArray("channels")).isEmpty();
    JsonObject refused = nothing.getJsonArray("errors").getJsonObject(0);
    assertThat(refused.getString("code")).isEqualTo("unauthorized");
    assertThat(refused.getString("channel")).isEqualTo("user.alice");
    anonymous.close();
  }

  @Test
  @DisplayName("refuses subscriptions beyond the per-connection limit")
  void subscriptionLimit() {
    TestSocket socket = node.connect();
    socket.subscribe("prices.A-USD", "prices.B-USD", "prices.C-USD", "prices.F-USD",
        "prices.G-USD");
    String id = TestSocket.newId();
    socket.send(new JsonObject().put("type", "subscribe").put("id", id).put("channels",
        new JsonArray().add("prices.D-USD").add("prices.E-USD").add("prices.A-USD")));
    JsonObject subscribed = socket.next("subscribed");
    assertThat(subscribed.getString("id")).isEqualTo(id);
    assertThat(subscribed.getJsonArray("channels")).hasSize(2);
    assertThat(subscribed.getJsonArray("errors")).hasSize(1);
    JsonObject refused = subscribed.getJsonArray("errors").getJsonObject(0);
    assertThat(refused.getString("code")).isEqualTo("forbidden");
    assertThat(refused.getString("channel")).isEqualTo("prices.E-USD");
    assertThat(refused.getString("message")).contains("limit");
    socket.close();
  }

  @Test
  @DisplayName("forwards requests to the method's service and returns its answer with the request id")
  void requests() {
    TestSocket socket = node.connect("?token=" + node.token("carol", 600, "0xC0"));
    JsonObject echo = socket.request("system.echo", new JsonObject().put("hello", "world"));
    assertThat(echo.getString("type")).isEqualTo("response");
    assertThat(echo.getJsonObject("data").getString("hello")).isEqualTo("world");
    JsonObject who = socket.request("test.whoami", new JsonObject());
    assertThat(who.getJsonObject("data").getString("user")).isEqualTo("carol");
    assertThat(who.getJsonObject("data").getJsonArray("wallets")).containsExactly("0xc0");
    assertError(socket.request("nobody.home", new JsonObject()), "not_found", null);
    JsonObject refused = socket.request("test.fail", new JsonObject());
    assertError(refused, "forbidden", null);
    assertThat(refused.getString("message")).isEqualTo("not for you");
    assertError(socket.request("test.silent", new JsonObject()), "timeout", null);
    socket.close();
  }

  static void assertError(JsonObject frame, String code, String id) {
    assertThat(frame.getString("type")).isEqualTo("error");
    assertThat(frame.getString("code")).isEqualTo(code);
    assertThat(frame.getString("message")).isNotBlank();
    if (id != null) {
      assertThat(frame.getString("id")).isEqualTo(id);
    }
  }
}
