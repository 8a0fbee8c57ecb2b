package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.NodeFixture.Exchange;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.tickwire.testkit.core.Tokens;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin console's HTTP side on a real node: off by default, who may call it, what it shows
 * (members, users, channels, the redacted configuration), the disconnect with a ban, and the
 * limits on what an operator sends.
 */
@DisplayName("The admin console's endpoints")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminApiTest {

  static final String HMAC_SECRET = "admin-test-hmac-secret-0123456789abcdef";
  static final String SECOND_KEY = "second-api-key-value-zz81";
  static final String DB_PASSWORD = "db-password-value-q7";
  static final String SMTP_PASSWORD = "smtp-password-value-x3";
  static final String IDENTITY = "cluster-identity-value-m5";
  static final String JWKS_PASSWORD = "jwks-url-password-v9";

  static GatewayFixture node;

  /** An HTTP answer with its headers. */
  record Answer(int status, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  @BeforeAll
  static void start() {
    node = GatewayFixture.startShowingConfig(json -> {
      json.put("admin", new JsonObject().put("enabled", true).put("maxBodyBytes", 2_048)
          .put("reportIntervalMs", 200).put("announcementChannels", new JsonArray().add("blocks")));
      json.getJsonObject("api").put("maxBanSeconds", 60).getJsonArray("keys").add(SECOND_KEY);
      json.getJsonObject("auth").put("hmacSecret", TestConfig.SECRET);
      // Sections the gateway does not read, as the launcher's loaded configuration holds them.
      json.put("cluster", new JsonObject().put("identitySecret", IDENTITY).put("port", 5701));
      json.put("notifications", new JsonObject()
          .put("storage", new JsonObject().put("postgres", new JsonObject()
              .put("host", "db.example.com").put("password", DB_PASSWORD)))
          .put("mail", new JsonObject().put("username", "tickwire").put("password", SMTP_PASSWORD))
          .put("webhook", new JsonObject().put("signingSecret", HMAC_SECRET)));
      json.put("extra", new JsonObject().put("url", "https://ops:" + JWKS_PASSWORD
          + "@keys.example.com/jwks"));
    });
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A call whose exchange is checked against docs/openapi.yaml, as every one of the fixture's. */
  static Answer call(HttpMethod method, String path, String authorization, String body) {
    Exchange exchange = node.request(method, path, authorization, body);
    return new Answer(exchange.status(), exchange.responseHeaders(), exchange.responseBody());
  }

  /** A call the description has no operation for, so not checked against it. */
  static Answer undescribed(HttpMethod method, String path, String authorization) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(node.port).setURI(path).putHeader("Authorization", authorization);
    return Await.result(node.onEventLoop(() -> node.http.request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(buffer ->
            new Answer(response.statusCode(), response.headers(), buffer.toString())))));
  }

  static Answer get(String path) {
    return call(HttpMethod.GET, path, "ApiKey " + TestConfig.API_KEY, null);
  }

  static Answer post(String path, String body) {
    return call(HttpMethod.POST, path, "ApiKey " + TestConfig.API_KEY, body);
  }

  static String adminToken(String user, String... roles) {
    return Tokens.hs256(TestConfig.SECRET, new JsonObject().put("sub", user)
        .put("exp", System.currentTimeMillis() / 1000 + 600)
        .put("roles", new JsonArray(List.of((Object[]) roles))));
  }

  @Test
  @DisplayName("is a 404 everywhere under /admin unless admin.enabled, even with the right key")
  void offByDefault() {
    try (GatewayFixture plain = GatewayFixture.start()) {
      for (String path : List.of("/admin", "/admin/", "/admin/index.html", "/admin/api/overview",
          "/admin/api/config")) {
        assertThat(plain.call(HttpMethod.GET, path, TestConfig.API_KEY, null).status())
            .as(path).isEqualTo(404);
      }
    }
  }

  @Test
  @DisplayName("refuses callers without a key (401), with a wrong key (401), with a token lacking the role (403)")
  void signIn() {
    assertThat(call(HttpMethod.GET, "/admin/api/overview", null, null).status()).isEqualTo(401);
    assertThat(call(HttpMethod.GET, "/admin/api/overview", "ApiKey wrong", null).status())
        .isEqualTo(401);
    assertThat(call(HttpMethod.GET, "/admin/api/config", "Bearer not-a-token", null).status())
        .isEqualTo(401);
    Answer forged = call(HttpMethod.GET, "/admin/api/session", "Bearer "
        + Tokens.hs256("another-secret-0123456789-abcdefghijk", new JsonObject().put("sub", "eve")
            .put("exp", System.currentTimeMillis() / 1000 + 600)
            .put("roles", new JsonArray().add("admin"))), null);
    assertThat(forged.status()).isEqualTo(401);
    Answer user = call(HttpMethod.GET, "/admin/api/session", "Bearer " + adminToken("bob"), null);
    assertThat(user.status()).isEqualTo(403);
    assertThat(user.json().getString("code")).isEqualTo("forbidden");
    // A refused call with a body does not make the node read it.
    assertThat(call(HttpMethod.POST, "/admin/api/publish", "ApiKey wrong", "{\"channel\":"
        + "\"blocks\",\"data\":1}").status()).isEqualTo(401);

    Answer key = call(HttpMethod.GET, "/admin/api/session", "ApiKey " + SECOND_KEY, null);
    assertThat(key.status()).isEqualTo(200);
    assertThat(key.json().getString("via")).isEqualTo("apiKey");
    Answer token = call(HttpMethod.GET, "/admin/api/session",
        "Bearer " + adminToken("olga", "viewer", "admin"), null);
    assertThat(token.status()).isEqualTo(200);
    assertThat(token.json().getString("via")).isEqualTo("token");
    assertThat(token.json().getString("user")).isEqualTo("olga");
    assertThat(token.headers().get("set-cookie")).isNull();
  }

  @Test
  @DisplayName("serves /admin with a strict Content-Security-Policy and no framing")
  void headers() {
    Answer page = call(HttpMethod.GET, "/admin/", null, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers().get("content-type")).startsWith("text/html");
    for (String path : List.of("/admin/", "/admin/api/session")) {
      Answer answer = call(HttpMethod.GET, path, null, null);
      assertThat(answer.headers().get("content-security-policy")).as(path)
          .contains("default-src 'none'").contains("script-src 'self'")
          .contains("frame-ancestors 'none'").doesNotContain("unsafe");
      assertThat(answer.headers().get("x-frame-options")).as(path).isEqualTo("DENY");
      assertThat(answer.headers().get("cache-control")).as(path).isEqualTo("no-store");
      assertThat(answer.headers().get("set-cookie")).as(path).isNull();
    }
  }

  @Test
  @DisplayName("shows this node as the one member, users with their sessions, channels with subscribers and last seq")
  void overview() {
    String token = node.token("bob", 600);
    try (TestSocket first = node.connect("?token=" + token + "&channels=blocks,prices.BTC-USD");
        TestSocket second = node.connect("?token=" + token + "&channels=blocks");
        TestSocket anonymous = node.connect("?channels=blocks")) {
      first.next("subscribed");
      second.next("subscribed");
      anonymous.next("subscribed");
      JsonObject published = node.publish("blocks", new JsonObject().put("number", 7));
      first.message("blocks");
      Await.until("bob and blocks in the overview", () -> {
        JsonObject overview = get("/admin/api/overview").json();
        JsonObject bob = find(overview.getJsonObject("users").getJsonArray("listed"), "user", "bob");
        JsonObject blocks = find(overview.getJsonObject("channels").getJsonArray("listed"),
            "channel", "blocks");
        JsonArray members = overview.getJsonArray("members");
        return members.size() == 1 && members.getJsonObject(0).getLong("connections") == 3
            && bob != null
            && bob.getInteger("sessions") == 2 && bob.getInteger("subscriptions") == 3
            && blocks != null && blocks.getInteger("subscribers") == 3
            && published.getLong("seq").equals(blocks.getLong("seq"))
            && published.getString("epoch").equals(blocks.getString("epoch"));
      });
      JsonObject overview = get("/admin/api/overview").json();
      JsonObject member = overview.getJsonArray("members").getJsonObject(0);
      assertThat(member.getString("node")).isEqualTo(node.node.id());
      assertThat(member.getBoolean("self")).isTrue();
      assertThat(member.getBoolean("answered")).isTrue();
      assertThat(member.getLong("connections")).isEqualTo(3);
      assertThat(member.getJsonObject("ownership").getInteger("owned")).isEqualTo(1);
      assertThat(overview.getJsonObject("users").getInteger("anonymous")).isEqualTo(1);
      JsonObject bob = find(overview.getJsonObject("users").getJsonArray("listed"), "user", "bob");
      assertThat(bob.getJsonObject("nodes").getInteger(node.node.id())).isEqualTo(2);
      assertThat(bob.getLong("since")).isLessThanOrEqualTo(System.currentTimeMillis());
    }
  }

  @Test
  @DisplayName("shows the node's configuration with every secret value redacted")
  void redactedConfig() {
    Answer answer = get("/admin/api/config");
    assertThat(answer.status()).isEqualTo(200);
    for (String secret : List.of(TestConfig.SECRET, TestConfig.API_KEY, SECOND_KEY, DB_PASSWORD,
        SMTP_PASSWORD, IDENTITY, HMAC_SECRET, JWKS_PASSWORD)) {
      assertThat(answer.body()).as("the configuration shown").doesNotContain(secret);
    }
    JsonObject config = answer.json();
    assertThat(config.getJsonObject("auth").getString("hmacSecret")).isEqualTo("(redacted)");
    assertThat(config.getJsonObject("api").getJsonArray("keys"))
        .containsExactly("(redacted)", "(redacted)");
    assertThat(config.getJsonObject("notifications").getJsonObject("mail")
        .getString("username")).isEqualTo("tickwire");
    assertThat(config.getJsonObject("extra").getString("url"))
        .isEqualTo("https://ops:(redacted)@keys.example.com/jwks");
    assertThat(config.getJsonObject("api").getInteger("maxBanSeconds")).isEqualTo(60);
  }

  @Test
  @DisplayName("disconnects a user with a ban: reconnects refused with 403 until it ends, then accepted")
  void disconnectWithBan() {
    // A ban that outlasts the refusals below however slow the machine: they prove it holds.
    String token = node.token("carol", 600);
    TestSocket carol = node.connect("?token=" + token);
    Answer answer = post("/admin/api/users/carol/disconnect", "{\"banSeconds\":60}");
    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.json().getLong("banSeconds")).isEqualTo(60);
    assertThat(carol.awaitClose()).isEqualTo(4003);
    UpgradeRejectedException refused = rejected("?token=" + token);
    assertThat(refused.getStatus()).isEqualTo(403);
    assertThat(refused.getBody().toString()).contains("forbidden").contains("carol");
    assertThat(call(HttpMethod.GET, "/sse?channels=blocks&token=" + token, null, null).status())
        .isEqualTo(403);
    // An anonymous connection may not sign in as carol either.
    try (TestSocket anonymous = node.connect()) {
      anonymous.send(new JsonObject().put("type", "auth").put("id", "a1").put("token", token));
      JsonObject error = anonymous.next("error");
      assertThat(error.getString("code")).isEqualTo("forbidden");
    }

    // A short ban ends by itself: cleo is accepted again, and not before its 2 s are over
    // (the ban starts after the call below is sent, and on the same clock).
    String cleoToken = node.token("cleo", 600);
    TestSocket cleo = node.connect("?token=" + cleoToken);
    long beforeBan = System.nanoTime();
    assertThat(post("/admin/api/users/cleo/disconnect", "{\"banSeconds\":2}").status())
        .isEqualTo(202);
    assertThat(cleo.awaitClose()).isEqualTo(4003);
    Await.until("cleo accepted again after the ban", () -> {
      TestSocket again = tryConnect("?token=" + cleoToken);
      if (again == null) {
        return false;
      }
      again.close();
      return true;
    });
    assertThat((System.nanoTime() - beforeBan) / 1_000_000).as("ms until cleo was accepted")
        .isGreaterThanOrEqualTo(2_000);
    // Carol's ban still holds.
    assertThat(rejected("?token=" + token).getStatus()).isEqualTo(403);

    // The HTTP API's disconnect carries a ban the same way; without one, nobody is refused.
    TestSocket dave = node.connect("?token=" + node.token("dave", 600));
    assertThat(call(HttpMethod.POST, "/api/users/dave/disconnect", "ApiKey " + TestConfig.API_KEY,
        "{\"banSeconds\":30}").status()).isEqualTo(202);
    assertThat(dave.awaitClose()).isEqualTo(4003);
    assertThat(rejected("?token=" + node.token("dave", 600)).getStatus()).isEqualTo(403);
    TestSocket erin = node.connect("?token=" + node.token("erin", 600));
    assertThat(post("/admin/api/users/erin/disconnect", null).status()).isEqualTo(202);
    assertThat(erin.awaitClose()).isEqualTo(4003);
    node.connect("?token=" + node.token("erin", 600)).close();
  }

  @Test
  @DisplayName("publishes and announces, refusing bad channels, oversized text and bodies, and long bans")
  void limits() {
    try (TestSocket watcher = node.connect("?channels=blocks")) {
      watcher.next("subscribed");
      Answer published = post("/admin/api/publish", "{\"channel\":\"blocks\",\"data\":{\"n\":1}}");
      assertThat(published.status()).isEqualTo(200);
      assertThat(watcher.message("blocks").getJsonObject("data").getInteger("n")).isEqualTo(1);
      Answer announced = post("/admin/api/announce", "{\"text\":\"maintenance at 22:00\"}");
      assertThat(announced.status()).isEqualTo(200);
      JsonObject announcement = watcher.message("blocks").getJsonObject("data");
      assertThat(announcement.getString("type")).isEqualTo("announcement");
      assertThat(announcement.getString("text")).isEqualTo("maintenance at 22:00");
    }
    assertThat(post("/admin/api/publish", "{\"channel\":\"nope.x\",\"data\":1}").status())
        .isEqualTo(404);
    assertThat(post("/admin/api/publish", "{\"channel\":\"blocks\"}").status()).isEqualTo(400);
    assertThat(post("/admin/api/publish", "not json").status()).isEqualTo(400);
    assertThat(post("/admin/api/announce", new JsonObject().put("text", "x".repeat(2_001))
        .encode()).status()).isEqualTo(400);
    assertThat(post("/admin/api/announce", "{\"text\":\"hi\",\"channels\":[\"nope.x\"]}").status())
        .isEqualTo(404);
    Answer large = post("/admin/api/publish", new JsonObject().put("channel", "blocks")
        .put("data", "x".repeat(3_000)).encode());
    assertThat(large.status()).isEqualTo(413);
    Answer ban = post("/admin/api/users/frank/disconnect", "{\"banSeconds\":61}");
    assertThat(ban.status()).isEqualTo(400);
    assertThat(ban.json().getString("message")).contains("0 to 60");
    assertThat(post("/admin/api/users/frank/disconnect", "{\"banSeconds\":-1}").status())
        .isEqualTo(400);
    assertThat(post("/admin/api/users/" + "u".repeat(129) + "/disconnect", null).status())
        .isEqualTo(400);
    assertThat(undescribed(HttpMethod.GET, "/admin/api/nothing", "ApiKey " + TestConfig.API_KEY)
        .status()).isEqualTo(404);
  }

  @Test
  @DisplayName("refuses admin calls over admin.requestsPerSec with 429")
  void rateLimit() {
    try (GatewayFixture limited = GatewayFixture.start(json -> json.put("admin",
        new JsonObject().put("enabled", true).put("requestsPerSec", 1)))) {
      int refused = 0;
      for (int i = 0; i < 5; i++) {
        int status = limited.call(HttpMethod.GET, "/admin/api/session", "wrong-key", null).status();
        refused += status == 429 ? 1 : 0;
        assertThat(status).isIn(401, 429);
      }
      assertThat(refused).as("guesses refused for the rate").isGreaterThanOrEqualTo(2);
    }
  }

  private static JsonObject find(JsonArray items, String field, String value) {
    for (Object item : items) {
      if (item instanceof JsonObject object && value.equals(object.getString(field))) {
        return object;
      }
    }
    return null;
  }

  private static UpgradeRejectedException rejected(String query) {
    Throwable failure = Await.result(node.ws.connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(node.port).setURI("/ws" + query)).transform(result -> {
          if (result.succeeded()) {
            result.result().close();
            return Future.succeededFuture(null);
          }
          return Future.succeededFuture(result.cause());
        }));
    assertThat(failure).as("the handshake's refusal").isInstanceOf(UpgradeRejectedException.class);
    return (UpgradeRejectedException) failure;
  }

  private static TestSocket tryConnect(String query) {
    try {
      return node.connect(query, Map.of());
    } catch (AssertionError refused) {
      return null;
    }
  }
}
