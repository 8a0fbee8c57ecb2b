package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.runtime.Methods;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.tickwire.testkit.core.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Authentication")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthTest {

  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start();
    whoami(node);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("accepts a token in the ?token= query")
  void queryToken() {
    TestSocket socket = node.connect("?token=" + node.token("alice", 600, "0xAb"));
    JsonObject me = whoami(socket);
    assertThat(me.getString("user")).isEqualTo("alice");
    assertThat(me.getJsonArray("wallets")).containsExactly("0xab");
    socket.close();
  }

  @Test
  @DisplayName("accepts a token in an Authorization: Bearer header")
  void bearerHeader() {
    TestSocket socket = node.connect("", Map.of("Authorization",
        "Bearer " + node.token("bob", 600)));
    assertThat(whoami(socket).getString("user")).isEqualTo("bob");
    socket.close();
  }

  @Test
  @DisplayName("connects without a token as anonymous")
  void anonymous() {
    TestSocket socket = node.connect();
    JsonObject me = whoami(socket);
    assertThat(me.containsKey("user")).isTrue();
    assertThat(me.getString("user")).isNull();
    assertThat(me.getJsonArray("wallets")).isEmpty();
    socket.close();
  }

  @Test
  @DisplayName("accepts a token in an auth frame and answers authed with user and expiresAt")
  void authFrame() {
    TestSocket socket = node.connect();
    long exp = nowSeconds() + 600;
    socket.send(auth("a1", claims("carol", exp)));
    JsonObject authed = socket.next("authed");
    assertThat(authed.getString("id")).isEqualTo("a1");
    assertThat(authed.getString("user")).isEqualTo("carol");
    assertThat(authed.getLong("expiresAt")).isEqualTo(exp * 1000);
    assertThat(whoami(socket).getString("user")).isEqualTo("carol");
    JsonObject subscribed = socket.subscribe("user.carol");
    assertThat(subscribed.getJsonArray("channels").getJsonObject(0).getString("channel"))
        .isEqualTo("user.carol");
    socket.close();
  }

  static Stream<Arguments> badTokens() {
    long now = nowSeconds();
    return Stream.of(
        Arguments.of("a bad signature",
            Tokens.hs256("another-secret-0123456789-abcdef", claims("mallory", now + 600))),
        Arguments.of("alg none", Tokens.unsigned(claims("mallory", now + 600))),
        Arguments.of("an expired token", Tokens.hs256(TestConfig.SECRET,
            claims("mallory", now - 60))),
        Arguments.of("no exp", Tokens.hs256(TestConfig.SECRET,
            new JsonObject().put("sub", "mallory"))),
        Arguments.of("no sub", Tokens.hs256(TestConfig.SECRET,
            new JsonObject().put("exp", now + 600))),
        Arguments.of("not a JWT", "not-a-jwt"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTokens")
  @DisplayName("refuses the handshake with HTTP 401 for a bad token")
  void badTokenAtHandshake(String what, String token) {
    UpgradeRejectedException rejected = rejected(node, "?token=" + token, Map.of());
    assertThat(rejected.getStatus()).isEqualTo(401);
    assertThat(new JsonObject(rejected.getBody()).getString("code")).isEqualTo("unauthorized");
    UpgradeRejectedException viaHeader = rejected(node, "",
        Map.of("Authorization", "Bearer " + token));
    assertThat(viaHeader.getStatus()).isEqualTo(401);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTokens")
  @DisplayName("answers a bad token in an auth frame with unauthorized and the frame's id, and stays open")
  void badTokenAsFrame(String what, String token) {
    TestSocket socket = node.connect();
    socket.send(new JsonObject().put("type", "auth").put("id", "bad-1").put("token", token));
    JsonObject error = socket.next("error");
    assertThat(error.getString("code")).isEqualTo("unauthorized");
    assertThat(error.getString("id")).isEqualTo("bad-1");
    assertThat(error.getString("message")).startsWith("invalid token");
    assertAlive(socket);
    assertThat(whoami(socket).getString("user")).isNull();
    socket.close();
  }

  @Test
  @DisplayName("with issuer and audience configured, accepts only tokens that carry both")
  void issuerAndAudience() {
    try (GatewayFixture strict = GatewayFixture.start(json -> json.getJsonObject("auth")
        .put("issuer", "https://issuer.test").put("audience", "tickwire"))) {
      whoami(strict);
      long exp = nowSeconds() + 600;
      String right = Tokens.hs256(TestConfig.SECRET, claims("dave", exp)
          .put("iss", "https://issuer.test").put("aud", "tickwire"));
      TestSocket socket = strict.connect("?token=" + right);
      assertThat(whoami(socket).getString("user")).isEqualTo("dave");
      socket.close();
      String audienceList = Tokens.hs256(TestConfig.SECRET, claims("dave", exp)
          .put("iss", "https://issuer.test").put("aud", new JsonArray().add("other")
              .add("tickwire")));
      strict.connect("?token=" + audienceList).close();

      List<String> wrong = List.of(
          Tokens.hs256(TestConfig.SECRET, claims("dave", exp)
              .put("iss", "https://evil.test").put("aud", "tickwire")),
          Tokens.hs256(TestConfig.SECRET, claims("dave", exp)
              .put("iss", "https://issuer.test").put("aud", "someone-else")),
          Tokens.hs256(TestConfig.SECRET, claims("dave", exp)));
      for (String token : wrong) {
        assertThat(rejected(strict, "?token=" + token, Map.of()).getStatus()).isEqualTo(401);
      }
    }
  }

  @Test
  @DisplayName("closes the connection with 4001 when its token expires")
  void expiryCloses() {
    TestSocket socket = node.connect("?token=" + Tokens.hs256(TestConfig.SECRET,
        claims("erin", nowSeconds() + 2)));
    assertThat(socket.awaitClose()).isEqualTo(4001);
  }

  @Test
  @DisplayName("keeps the connection past the first expiry after an auth frame with a later exp")
  void refreshKeepsAlive() throws Exception {
    long firstExp = nowSeconds() + 2;
    TestSocket socket = node.connect("?token=" + Tokens.hs256(TestConfig.SECRET,
        claims("frank", firstExp)));
    long laterExp = nowSeconds() + 600;
    socket.send(auth("r1", claims("frank", laterExp)));
    JsonObject authed = socket.next("authed");
    assertThat(authed.getString("id")).isEqualTo("r1");
    assertThat(authed.getLong("expiresAt")).isEqualTo(laterExp * 1000);

    long pastFirstExpiry = firstExp * 1000 + 1_500 - System.currentTimeMillis();
    assertThatThrownBy(() -> socket.closed.get(pastFirstExpiry, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertAlive(socket);
    assertThat(whoami(socket).getString("user")).isEqualTo("frank");
    socket.close();
  }

  @Test
  @DisplayName("refuses a refresh token for another user with unauthorized and keeps the first user")
  void refreshForAnotherUser() {
    TestSocket socket = node.connect("?token=" + node.token("grace", 600));
    socket.send(auth("r2", claims("heidi", nowSeconds() + 600)));
    JsonObject error = socket.next("error");
    assertThat(error.getString("code")).isEqualTo("unauthorized");
    assertThat(error.getString("id")).isEqualTo("r2");
    assertThat(error.getString("message")).contains("another user");
    assertAlive(socket);
    assertThat(whoami(socket).getString("user")).isEqualTo("grace");
    socket.close();
  }

  @Test
  @DisplayName("drops a wallet channel with forbidden when the refreshed token no longer lists it")
  void refreshDropsWallet() {
    TestSocket socket = node.connect("?token=" + node.token("ivan", 600, "0xAb"));
    JsonObject subscribed = socket.subscribe("wallet.0xab", "tx.ivan");
    assertThat(subscribed.getJsonArray("channels")).hasSize(2);

    socket.send(auth("r3", claims("ivan", nowSeconds() + 600)));
    JsonObject error = socket.next("error");
    assertThat(error.getString("code")).isEqualTo("forbidden");
    assertThat(error.getString("channel")).isEqualTo("wallet.0xab");
    assertThat(error.getString("id")).isEqualTo("r3");
    JsonObject authed = socket.next("authed");
    assertThat(authed.getString("id")).isEqualTo("r3");

    node.publish("wallet.0xab", new JsonObject().put("n", 1));
    node.publish("tx.ivan", new JsonObject().put("n", 2));
    List<JsonObject> received = socket.drain();
    assertThat(received).extracting(frame -> frame.getString("channel"))
        .containsExactly("tx.ivan");
    socket.close();
  }

  @Test
  @DisplayName("verifies RS256 tokens with keys from a JWKS URL and refuses another key's signature")
  void jwks() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair trusted = generator.generateKeyPair();
    KeyPair other = generator.generateKeyPair();
    JsonObject jwks = new JsonObject().put("keys", new JsonArray()
        .add(Tokens.jwk((RSAPublicKey) trusted.getPublic(), "k1")));

    Vertx keys = Vertx.vertx();
    try {
      HttpServer server = Await.result(keys.createHttpServer()
          .requestHandler(request -> request.response()
              .putHeader("content-type", "application/json").end(jwks.encode()))
          .listen(0, "127.0.0.1"));
      String url = "http://127.0.0.1:" + server.actualPort() + "/.well-known/jwks.json";
      try (GatewayFixture rsa = GatewayFixture.start(json -> json.put("auth", new JsonObject()
          .put("jwksUrl", url).put("jwksAllowHttp", true).put("devTokens", false)))) {
        whoami(rsa);
        long exp = nowSeconds() + 600;
        TestSocket socket = rsa.connect("?token=" + rs256(trusted.getPrivate(),
            claims("judy", exp).put("wallets", new JsonArray().add("0xC0"))));
        JsonObject me = whoami(socket);
        assertThat(me.getString("user")).isEqualTo("judy");
        assertThat(me.getJsonArray("wallets")).containsExactly("0xc0");
        socket.close();

        UpgradeRejectedException forged = rejected(rsa, "?token="
            + rs256(other.getPrivate(), claims("judy", exp)), Map.of());
        assertThat(forged.getStatus()).isEqualTo(401);
        UpgradeRejectedException hmac = rejected(rsa, "?token="
            + Tokens.hs256(TestConfig.SECRET, claims("judy", exp)), Map.of());
        assertThat(hmac.getStatus()).isEqualTo(401);
      }
    } finally {
      Await.result(keys.close());
    }
  }

  @Test
  @DisplayName("fetches the JWKS again for a token with a new kid after key rotation, but a flood of unknown kids no more than once per jwksUnknownKidRefetchMs")
  void jwksRotation() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair first = generator.generateKeyPair();
    KeyPair second = generator.generateKeyPair();
    KeyPair attacker = generator.generateKeyPair();
    AtomicReference<JsonObject> jwks = new AtomicReference<>(new JsonObject().put("keys",
        new JsonArray().add(Tokens.jwk((RSAPublicKey) first.getPublic(), "2024-01"))));
    AtomicInteger fetches = new AtomicInteger();

    Vertx keys = Vertx.vertx();
    try {
      HttpServer server = Await.result(keys.createHttpServer()
          .requestHandler(request -> {
            fetches.incrementAndGet();
            request.response().putHeader("content-type", "application/json")
                .end(jwks.get().encode());
          })
          .listen(0, "127.0.0.1"));
      String url = "http://127.0.0.1:" + server.actualPort() + "/.well-known/jwks.json";
      try (GatewayFixture rsa = GatewayFixture.start(json -> json.put("auth", new JsonObject()
          .put("jwksUrl", url).put("jwksAllowHttp", true).put("jwksUnknownKidRefetchMs", 600_000)
          .put("devTokens", false)))) {
        whoami(rsa);
        long exp = nowSeconds() + 600;
        assertThat(fetches.get()).as("fetched at start").isEqualTo(1);
        TestSocket before = rsa.connect("?token=" + Tokens.rs256(first.getPrivate(), "2024-01",
            claims("kate", exp)));
        assertThat(whoami(before).getString("user")).isEqualTo("kate");
        before.close();
        assertThat(fetches.get()).as("a known kid fetches nothing").isEqualTo(1);

        // The identity provider rotates: the new key replaces the old one.
        jwks.set(new JsonObject().put("keys", new JsonArray()
            .add(Tokens.jwk((RSAPublicKey) second.getPublic(), "2024-02"))));
        TestSocket after = rsa.connect("?token=" + Tokens.rs256(second.getPrivate(), "2024-02",
            claims("kate", exp)));
        assertThat(whoami(after).getString("user")).isEqualTo("kate");
        assertThat(fetches.get()).as("fetched again for the new kid").isEqualTo(2);

        // A flood of made-up kids, on a few connections at once: refused, and no more fetches.
        List<TestSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          sockets.add(rsa.connect());
        }
        int flood = 80;
        for (int i = 0; i < flood; i++) {
          sockets.get(i % sockets.size()).send(new JsonObject().put("type", "auth")
              .put("id", "f" + i).put("token", Tokens.rs256(attacker.getPrivate(), "evil-" + i,
                  claims("kate", exp))));
        }
        for (int i = 0; i < flood; i++) {
          JsonObject error = sockets.get(i % sockets.size()).next("error");
          assertThat(error.getString("code")).isEqualTo("unauthorized");
        }
        UpgradeRejectedException old = rejected(rsa, "?token=" + Tokens.rs256(
            first.getPrivate(), "2024-01", claims("kate", exp)), Map.of());
        assertThat(old.getStatus()).as("the rotated-out key").isEqualTo(401);
        assertThat(fetches.get()).as("fetches after the flood").isEqualTo(2);
        assertThat(whoami(after).getString("user")).isEqualTo("kate");
        sockets.forEach(TestSocket::close);
        after.close();
      }
    } finally {
      Await.result(keys.close());
    }
  }

  @Test
  @DisplayName("hands out working dev tokens at /dev/token")
  void devToken() {
    GatewayFixture.Response response = node.call(HttpMethod.GET,
        "/dev/token?sub=alice&wallets=0xAb", null, null);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    String token = response.json().getString("token");
    TestSocket socket = node.connect("?token=" + token);
    JsonObject me = whoami(socket);
    assertThat(me.getString("user")).isEqualTo("alice");
    assertThat(me.getJsonArray("wallets")).containsExactly("0xab");
    assertThat(socket.subscribe("wallet.0xAB").getJsonArray("channels")).hasSize(1);
    socket.close();

    GatewayFixture.Response noSub = node.call(HttpMethod.GET, "/dev/token", null, null);
    assertThat(noSub.status()).isEqualTo(400);
    assertThat(noSub.json().getString("code")).isEqualTo("bad_request");
  }

  @Test
  @DisplayName("has no /dev/token when auth.devTokens is false")
  void devTokensOff() {
    try (GatewayFixture production = GatewayFixture.start(json -> json.getJsonObject("auth")
        .put("devTokens", false))) {
      assertThat(production.call(HttpMethod.GET, "/dev/token?sub=alice", null, null)
          .status()).isEqualTo(404);
    }
  }

  private static void whoami(GatewayFixture target) {
    Await.result(Methods.register(target.vertx, "auth.whoami", call -> Future.succeededFuture(
        new JsonObject().put("user", call.user())
            .put("wallets", new JsonArray(List.copyOf(call.wallets()))))).completion());
  }

  private static JsonObject whoami(TestSocket socket) {
    JsonObject response = socket.request("auth.whoami", new JsonObject());
    assertThat(response.getString("type")).isEqualTo("response");
    return response.getJsonObject("data");
  }

  private static void assertAlive(TestSocket socket) {
    String id = TestSocket.newId();
    socket.send(new JsonObject().put("type", "ping").put("id", id));
    assertThat(socket.next("pong").getString("id")).isEqualTo(id);
    assertThat(socket.closed).isNotDone();
  }

  /** The handshake's refusal; fails the test if the connection was accepted. */
  private static UpgradeRejectedException rejected(GatewayFixture target, String query,
      Map<String, String> headers) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(target.port).setURI("/ws" + query);
    headers.forEach(options::addHeader);
    Throwable failure = Await.result(target.ws.connect(options).transform(result -> {
      if (result.succeeded()) {
        result.result().close();
        return Future.succeededFuture(null);
      }
      return Future.succeededFuture(result.cause());
    }));
    assertThat(failure).as("the handshake's refusal").isInstanceOf(UpgradeRejectedException.class);
    return (UpgradeRejectedException) failure;
  }

  private static JsonObject auth(String id, JsonObject claims) {
    return new JsonObject().put("type", "auth").put("id", id)
        .put("token", Tokens.hs256(TestConfig.SECRET, claims));
  }

  private static JsonObject claims(String user, long exp) {
    return new JsonObject().put("sub", user).put("exp", exp);
  }

  private static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  private static String rs256(PrivateKey key, JsonObject claims) {
    return Tokens.rs256(key, "k1", claims);
  }
}
