package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The HTTP API, health and metrics")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpApiTest {

  private static final int MAX_BODY_BYTES = 1_024;

  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start(json -> json.getJsonObject("api").put("maxBodyBytes", MAX_BODY_BYTES));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("refuses calls without an API key or with a wrong one with 401 unauthorized")
  void apiKey() {
    String body = publishBody("tx.keyless", 1).encode();
    assertError(call(HttpMethod.POST, "/api/publish", null, body), 401, "unauthorized");
    assertError(call(HttpMethod.POST, "/api/publish", "wrong-key", body), 401,
        "unauthorized");
    assertError(call(HttpMethod.POST, "/api/publish", TestConfig.API_KEY + "x", body),
        401, "unauthorized");
    assertError(call(HttpMethod.GET, "/api/channels", null, null), 401, "unauthorized");
    assertError(call(HttpMethod.POST, "/api/users/bob/disconnect", "nope", null),
        401, "unauthorized");
  }

  @Test
  @DisplayName("refuses a body that is not a JSON object or a batch with 400 bad_request")
  void badBodies() {
    assertError(post("/api/publish", "{nope"), 400, "bad_request");
    assertError(post("/api/publish", "[]"), 400, "bad_request");
    assertError(post("/api/publish", "12"), 400, "bad_request");
    assertError(post("/api/publish", "\"text\""), 400, "bad_request");
    assertError(post("/api/publish", null), 400, "bad_request");
    assertError(post("/api/broadcast", "{nope"), 400, "bad_request");
  }

  @Test
  @DisplayName("refuses a publication without a valid channel or without data with 400 bad_request")
  void badPublications() {
    JsonObject missingChannel = assertError(post("/api/publish",
        new JsonObject().put("data", 1).encode()), 400, "bad_request");
    assertThat(missingChannel.getString("message")).contains("'channel'");
    assertError(post("/api/publish", new JsonObject().put("channel", 5).put("data", 1).encode()),
        400, "bad_request");
    JsonObject badName = assertError(post("/api/publish",
        publishBody("tx.bad key", 1).encode()), 400, "bad_request");
    assertThat(badName.getString("message")).contains("channel key");
    JsonObject missingData = assertError(post("/api/publish",
        new JsonObject().put("channel", "tx.nodata").encode()), 400, "bad_request");
    assertThat(missingData.getString("message")).isEqualTo("field 'data' is required");
    assertError(post("/api/publish", publishBody("tx.key", 1).put("idempotencyKey", 5).encode()),
        400, "bad_request");
  }

  @Test
  @DisplayName("refuses a channel of an unknown namespace with 404 not_found")
  void unknownNamespace() {
    JsonObject error = assertError(post("/api/publish", publishBody("nope.x", 1).encode()), 404,
        "not_found");
    assertThat(error.getString("message")).contains("nope");
  }

  @Test
  @DisplayName("refuses a body over api.maxBodyBytes with 413 too_large")
  void tooLarge() {
    String body = publishBody("tx.big", "x".repeat(MAX_BODY_BYTES * 2)).encode();
    JsonObject error = assertError(post("/api/publish", body), 413, "too_large");
    assertThat(error.getString("message")).contains(String.valueOf(MAX_BODY_BYTES));
  }

  @Test
  @DisplayName("publishes: answers channel, seq and epoch, and the subscriber receives the message")
  void publish() {
    TestSocket socket = node.connect();
    JsonObject granted = socket.subscribe("tx.pub").getJsonArray("channels").getJsonObject(0);
    GatewayFixture.Response response = post("/api/publish",
        publishBody("tx.pub", new JsonObject().put("amount", "1.5")).encode());
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    JsonObject published = response.json();
    assertThat(published.fieldNames()).containsExactlyInAnyOrder("channel", "seq", "epoch");
    assertThat(published.getString("channel")).isEqualTo("tx.pub");
    assertThat(published.getLong("seq")).isEqualTo(granted.getLong("seq") + 1);
    assertThat(published.getString("epoch")).isEqualTo(granted.getString("epoch"));

    JsonObject message = socket.next("message");
    assertThat(message.getString("channel")).isEqualTo("tx.pub");
    assertThat(message.getLong("seq")).isEqualTo(published.getLong("seq"));
    assertThat(message.getString("epoch")).isEqualTo(published.getString("epoch"));
    assertThat(message.getJsonObject("data")).isEqualTo(new JsonObject().put("amount", "1.5"));
    socket.close();
  }

  @Test
  @DisplayName("publishes once per idempotency key and answers the repeat identically")
  void idempotency() {
    TestSocket socket = node.connect();
    socket.subscribe("tx.idem");
    String body = publishBody("tx.idem", new JsonObject().put("n", 1))
        .put("idempotencyKey", "order-42").encode();
    GatewayFixture.Response first = post("/api/publish", body);
    GatewayFixture.Response second = post("/api/publish", body);
    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json()).isEqualTo(first.json());

    List<JsonObject> received = socket.drain();
    assertThat(received).hasSize(1);
    assertThat(received.get(0).getLong("seq")).isEqualTo(first.json().getLong("seq"));

    GatewayFixture.Response other = post("/api/publish", publishBody("tx.idem",
        new JsonObject().put("n", 2)).put("idempotencyKey", "order-43").encode());
    assertThat(other.json().getLong("seq")).isEqualTo(first.json().getLong("seq") + 1);
    assertThat(socket.drain()).extracting(frame -> frame.getJsonObject("data").getInteger("n"))
        .containsExactly(2);
    socket.close();
  }

  @Test
  @DisplayName("broadcasts to several channels: a result for each, and every subscriber receives")
  void broadcast() {
    TestSocket first = node.connect();
    first.subscribe("tx.cast-1");
    TestSocket second = node.connect();
    second.subscribe("tx.cast-2");
    GatewayFixture.Response response = post("/api/broadcast", new JsonObject()
        .put("channels", new JsonArray().add("tx.cast-1").add("tx.cast-2").add("tx.cast-1"))
        .put("data", new JsonObject().put("alert", "halt")).encode());
    assertThat(response.status()).isEqualTo(200);
    JsonArray results = response.json().getJsonArray("results");
    assertThat(results).hasSize(2);
    assertThat(results.getJsonObject(0).getString("channel")).isEqualTo("tx.cast-1");
    assertThat(results.getJsonObject(1).getString("channel")).isEqualTo("tx.cast-2");
    assertThat(results.getJsonObject(0).getLong("seq")).isEqualTo(1L);
    assertThat(results.getJsonObject(1).getLong("seq")).isEqualTo(1L);

    JsonObject atFirst = first.next("message");
    assertThat(atFirst.getString("channel")).isEqualTo("tx.cast-1");
    assertThat(atFirst.getJsonObject("data").getString("alert")).isEqualTo("halt");
    JsonObject atSecond = second.next("message");
    assertThat(atSecond.getString("channel")).isEqualTo("tx.cast-2");
    assertThat(atSecond.getJsonObject("data").getString("alert")).isEqualTo("halt");
    assertThat(first.drain()).isEmpty();
    first.close();
    second.close();
  }

  @Test
  @DisplayName("publishes nothing when one channel of a broadcast is invalid")
  void broadcastAllOrNothing() {
    TestSocket socket = node.connect();
    socket.subscribe("tx.cast-ok");
    assertError(post("/api/broadcast", new JsonObject()
        .put("channels", new JsonArray().add("tx.cast-ok").add("bad name"))
        .put("data", 1).encode()), 400, "bad_request");
    assertError(post("/api/broadcast", new JsonObject()
        .put("channels", new JsonArray().add("tx.cast-ok").add("nope.x"))
        .put("data", 1).encode()), 404, "not_found");
    assertError(post("/api/broadcast", new JsonObject()
        .put("channels", new JsonArray().add("tx.cast-ok")).encode()), 400, "bad_request");
    assertError(post("/api/broadcast", new JsonObject().put("channels", new JsonArray())
        .put("data", 1).encode()), 400, "bad_request");
    assertThat(socket.drain()).isEmpty();
    assertThat(node.publish("tx.cast-ok", 1).getLong("seq")).isEqualTo(1L);
    socket.close();
  }

  @Test
  @DisplayName("disconnects every connection of a user with 4003 and leaves the others open")
  void disconnectUser() {
    TestSocket bob1 = node.connect("?token=" + node.token("bob", 600));
    TestSocket bob2 = node.connect("?token=" + node.token("bob", 600));
    TestSocket alice = node.connect("?token=" + node.token("alice", 600));
    GatewayFixture.Response response = post("/api/users/bob/disconnect", null);
    assertThat(response.status()).isEqualTo(202);
    assertThat(response.json()).isEqualTo(new JsonObject().put("user", "bob")
        .put("status", "disconnecting"));
    assertThat(bob1.awaitClose()).isEqualTo(4003);
    assertThat(bob2.awaitClose()).isEqualTo(4003);
    String id = TestSocket.newId();
    alice.send(new JsonObject().put("type", "ping").put("id", id));
    assertThat(alice.next("pong").getString("id")).isEqualTo(id);
    assertThat(alice.closed).isNotDone();
    alice.close();
  }

  @Test
  @DisplayName("lists local subscriber counts per channel")
  void channels() {
    TestSocket first = node.connect();
    TestSocket second = node.connect();
    first.subscribe("market.count-1", "market.count-2");
    second.subscribe("market.count-1");
    GatewayFixture.Response response = get("/api/channels");
    assertThat(response.status()).isEqualTo(200);
    JsonObject json = response.json();
    assertThat(json.getString("node")).isEqualTo(node.node.id());
    JsonObject channels = json.getJsonObject("channels");
    assertThat(channels.getInteger("market.count-1")).isEqualTo(2);
    assertThat(channels.getInteger("market.count-2")).isEqualTo(1);
    assertThat(channels.containsKey("market.count-3")).isFalse();

    second.send(new JsonObject().put("type", "unsubscribe").put("id", "u1")
        .put("channels", new JsonArray().add("market.count-1")));
    second.next("unsubscribed");
    JsonObject after = get("/api/channels").json().getJsonObject("channels");
    assertThat(after.getInteger("market.count-1")).isEqualTo(1);
    first.close();
    second.close();
  }

  @Test
  @DisplayName("answers liveness always and readiness only while the node is ready")
  void health() {
    TestSocket socket = node.connect();
    GatewayFixture.Response live = call(HttpMethod.GET, "/health/live", null, null);
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json()).isEqualTo(new JsonObject().put("status", "UP"));
    GatewayFixture.Response ready = call(HttpMethod.GET, "/health/ready", null, null);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json()).isEqualTo(new JsonObject().put("status", "UP"));
    JsonObject health = call(HttpMethod.GET, "/health", null, null).json();
    assertThat(health.getString("status")).isEqualTo("UP");
    assertThat(health.getString("node")).isEqualTo(node.node.id());
    assertThat(health.getJsonObject("checks")).isEqualTo(new JsonObject().put("live", "UP")
        .put("ready", "UP"));
    assertThat(health.getInteger("connections")).isPositive();

    node.node.ready().set(false);
    try {
      GatewayFixture.Response notReady = call(HttpMethod.GET, "/health/ready", null, null);
      assertThat(notReady.status()).isEqualTo(503);
      assertThat(notReady.json()).isEqualTo(new JsonObject().put("status", "DOWN"));
      GatewayFixture.Response down = call(HttpMethod.GET, "/health", null, null);
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.json().getJsonObject("checks").getString("ready")).isEqualTo("DOWN");
      assertThat(call(HttpMethod.GET, "/health/live", null, null).status()).isEqualTo(200);
    } finally {
      node.node.ready().set(true);
    }
    socket.close();
  }

  @Test
  @DisplayName("serves Prometheus metrics of connections, frames, publications and deliveries")
  void metrics() {
    TestSocket socket = node.connect();
    socket.subscribe("blocks");
    node.publish("blocks", new JsonObject().put("number", 7));
    assertThat(socket.next("message").getString("channel")).isEqualTo("blocks");
    // The pong follows the delivery's bookkeeping on the socket's event loop.
    socket.drain();

    GatewayFixture.Response response = call(HttpMethod.GET, "/metrics", null, null);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("text/plain");
    String text = response.body();
    assertThat(value(text, "tickwire_gateway_connections", "")).isGreaterThanOrEqualTo(1);
    assertThat(value(text, "tickwire_gateway_frames_in_total", "type=\"subscribe\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(text, "tickwire_gateway_frames_in_total", "type=\"ping\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(text, "tickwire_channels_published_total", "namespace=\"blocks\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(text, "tickwire_gateway_delivered_total", "namespace=\"blocks\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(text, "tickwire_gateway_delivery_latency_seconds_count", ""))
        .isGreaterThanOrEqualTo(1);
    assertThat(text).contains("tickwire_gateway_delivery_latency_seconds_bucket");
    socket.close();
  }

  /** The value of the first sample of {@code metric} whose labels contain {@code label}. */
  private static double value(String text, String metric, String label) {
    Matcher sample = Pattern.compile("(?m)^" + metric + "\\{([^}]*)\\} (\\S+)$").matcher(text);
    while (sample.find()) {
      if (sample.group(1).contains(label)) {
        return Double.parseDouble(sample.group(2));
      }
    }
    throw new AssertionError("no sample of " + metric + " with " + label + " in:\n" + text);
  }

  private static GatewayFixture.Response post(String path, String body) {
    return call(HttpMethod.POST, path, TestConfig.API_KEY, body);
  }

  private static GatewayFixture.Response get(String path) {
    return call(HttpMethod.GET, path, TestConfig.API_KEY, null);
  }

  private static GatewayFixture.Response call(HttpMethod method, String path, String apiKey,
      String body) {
    return node.call(method, path, apiKey, body);
  }

  private static JsonObject publishBody(String channel, Object data) {
    return new JsonObject().put("channel", channel).put("data", data);
  }

  private static JsonObject assertError(GatewayFixture.Response response, int status, String code) {
    assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/json");
    JsonObject json = response.json();
    assertThat(json.getString("code")).isEqualTo(code);
    assertThat(json.getString("message")).isNotBlank();
    return json;
  }
}
