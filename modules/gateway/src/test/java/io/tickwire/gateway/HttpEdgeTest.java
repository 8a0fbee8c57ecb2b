package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The HTTP edge, against hostile clients")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpEdgeTest {

  @Test
  @DisplayName("counts SSE streams toward the per-user limit: with 10 allowed the 11th is refused 429")
  void sseStreamsCountPerUser() {
    try (GatewayFixture node = GatewayFixture.start(json -> json.getJsonObject("gateway")
        .put("maxConnectionsPerUser", 10))) {
      String token = node.token("mallory", 600);
      List<SseClient> streams = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        SseClient stream = node.openSse("?channels=tx.edge&token=" + token, Map.of(), 200);
        stream.next("welcome");
        streams.add(stream);
      }
      node.openSse("?channels=tx.edge&token=" + token, Map.of(), 429);
      // Streams and WebSockets share the count.
      assertThatThrownBy(() -> node.connect("?token=" + token)).hasMessageContaining("429");
      assertThat(node.call(HttpMethod.GET, "/api/users/mallory", TestConfig.API_KEY, null).json()
          .getInteger("connections")).isEqualTo(10);
      // Another user is not affected.
      node.openSse("?channels=tx.edge&token=" + node.token("trent", 600), Map.of(), 200);

      streams.get(0).close();
      Await.until("the closed stream's slot given back", () -> node.call(HttpMethod.GET,
          "/api/users/mallory", TestConfig.API_KEY, null).json().getInteger("connections") == 9);
      node.openSse("?channels=tx.edge&token=" + token, Map.of(), 200).next("welcome");
    }
  }

  @Test
  @DisplayName("caps WebSockets and SSE streams together node-wide: one more is refused 503 at the handshake")
  void nodeWideCap() {
    try (GatewayFixture node = GatewayFixture.start(json -> json.getJsonObject("gateway")
        .put("maxConnections", 3))) {
      TestSocket first = node.connect();
      node.connect("?token=" + node.token("alice", 600));
      node.openSse("?channels=tx.cap", Map.of(), 200).next("welcome");
      assertThat(admitted(node)).isEqualTo(3);

      assertThatThrownBy(() -> node.connect()).hasMessageContaining("503");
      node.openSse("?channels=tx.cap", Map.of(), 503);
      assertThat(node.node.registry().find("tickwire.gateway.refused").tag("reason", "full")
          .counter().count()).isEqualTo(2);

      first.close();
      first.awaitClose();
      Await.until("the closed socket's slot given back", () -> admitted(node) == 2);
      node.connect().send(new JsonObject().put("type", "ping").put("id", "in"));
      assertThat(admitted(node)).isEqualTo(3);
    }
  }

  @Test
  @DisplayName("limits handshakes per source address with a token bucket: over it 429, other addresses unaffected")
  void perAddressRate() {
    // A refill too slow to matter within the test: the burst is all an address gets.
    try (GatewayFixture node = GatewayFixture.start(json -> json.getJsonObject("gateway")
        .put("connectRatePerIp", 0.001).put("connectBurstPerIp", 3))) {
      node.connect();
      node.openSse("?channels=tx.rate", Map.of(), 200).next("welcome");
      node.connect();
      assertThatThrownBy(() -> node.connect()).hasMessageContaining("429");
      node.openSse("?channels=tx.rate", Map.of(), 429);
      // A bad token costs an attempt too: the rate is checked before anything else.
      node.openSse("?channels=tx.rate&token=nonsense", Map.of(), 429);
      assertThat(node.node.registry().find("tickwire.gateway.refused")
          .tag("reason", "rate_limited").counter().count()).isEqualTo(3);

      WebSocketClient elsewhere = node.vertx.createWebSocketClient(
          new WebSocketClientOptions().setLocalAddress("127.0.0.2"));
      TestSocket other = Await.result(node.onEventLoop(() -> elsewhere.connect(
          new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port).setURI("/ws"))
          .map(TestSocket::new)));
      assertThat(other.next("welcome").getString("session")).isNotBlank();
    }
  }

  @Test
  @DisplayName("closes a connection that sends half a request line, or nothing, within the header timeout")
  void slowHeaders() {
    try (GatewayFixture node = GatewayFixture.start(json -> json.getJsonObject("gateway")
        .put("requestHeaderTimeoutMs", 300).put("httpIdleTimeoutMs", 600_000))) {
      // The idle timeout is far beyond the bound of awaitClosed: only the header timeout can
      // close these connections in time, however slow the machine.
      assertThat(TimeUnit.SECONDS.toMillis(Await.SECONDS)).isLessThan(600_000);
      Raw halfLine = Raw.connect(node.vertx, node.port);
      halfLine.write("GET /health/li");
      Raw silent = Raw.connect(node.vertx, node.port);
      halfLine.awaitClosed();
      assertThat(halfLine.received()).isEmpty();
      silent.awaitClosed();
      assertThat(silent.received()).isEmpty();
    }
  }

  @Test
  @DisplayName("closes a kept-alive connection idle past the idle timeout, and one whose body stalls")
  void idleAndStalledBody() {
    try (GatewayFixture node = GatewayFixture.start(json -> json.getJsonObject("gateway")
        .put("requestHeaderTimeoutMs", 60_000).put("httpIdleTimeoutMs", 300))) {
      TestSocket ws = node.connect();
      SseClient sse = node.openSse("?channels=tx.idle", Map.of(), 200);
      sse.next("welcome");

      Raw keptAlive = Raw.connect(node.vertx, node.port);
      keptAlive.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      keptAlive.awaitClosed();
      assertThat(keptAlive.received()).startsWith("HTTP/1.1 200");

      Raw stalled = Raw.connect(node.vertx, node.port);
      stalled.write("POST /api/publish HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ApiKey "
          + TestConfig.API_KEY + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
          + "{\"channel\"");
      stalled.awaitClosed();
      assertThat(stalled.received()).isEmpty();

      // A stream the server ends leaves a kept-alive connection: the next request is due.
      Raw stream = Raw.connect(node.vertx, node.port);
      stream.write("GET /sse?channels=user.oscar&token=" + node.token("oscar", 600)
          + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      Await.until("subscribed", () -> stream.received().contains("event: subscribed"));
      assertThat(node.call(HttpMethod.POST, "/api/users/oscar/disconnect", TestConfig.API_KEY,
          null).status()).isEqualTo(202);
      stream.awaitClosed();
      assertThat(stream.received()).endsWith("0\r\n\r\n");

      // Both outlived the timeout of the connections closed above: long-lived by design.
      ws.send(new JsonObject().put("type", "ping").put("id", "alive"));
      assertThat(ws.next("pong").getString("id")).isEqualTo("alive");
      node.publish("tx.idle", new JsonObject().put("n", 1));
      assertThat(sse.next("subscribed").name()).isEqualTo("subscribed");
      assertThat(sse.next("message").json().getString("channel")).isEqualTo("tx.idle");
    }
  }

  @Test
  @DisplayName("refuses a wrong API key with 401 before reading the body, and closes the connection")
  void apiKeyBeforeBody() {
    try (GatewayFixture node = GatewayFixture.start()) {
      Raw raw = Raw.connect(node.vertx, node.port);
      // Announces 1,000,000 bytes (under api.maxBodyBytes) and sends 1,000 of them: the answer
      // must come without the rest, which a server reading the body first would wait for.
      raw.write("POST /api/publish HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ApiKey wrong\r\n"
          + "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n"
          + "{\"channel\":\"tx.a\",\"data\":\"" + "x".repeat(970));
      raw.awaitClosed();
      assertThat(raw.received()).startsWith("HTTP/1.1 401").contains("unauthorized");

      Raw noKey = Raw.connect(node.vertx, node.port);
      noKey.write("POST /api/publish HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{");
      noKey.awaitClosed();
      assertThat(noKey.received()).startsWith("HTTP/1.1 401");
    }
  }

  @Test
  @DisplayName("binds only gateway.host and ops.host: 127.0.0.1 is not reachable as 127.0.0.2")
  void bindsConfiguredHostOnly() {
    try (GatewayFixture node = GatewayFixture.start(json -> json.put("ops", new JsonObject()
        .put("enabled", true).put("port", 0)))) {
      NetClient client = node.vertx.createNetClient();
      for (int port : new int[] {node.port, node.opsPort}) {
        Await.result(client.connect(port, "127.0.0.1").compose(NetSocket::close));
        assertThatThrownBy(() -> Await.result(client.connect(port, "127.0.0.2")))
            .hasMessageContaining("refused");
      }
    }
  }

  private static int admitted(GatewayFixture node) {
    return (int) node.node.registry().find("tickwire.gateway.admitted").gauge().value();
  }

  /** A TCP connection that writes raw text and records what comes back until it is closed. */
  static final class Raw {

    private final NetSocket socket;
    private final StringBuffer received = new StringBuffer();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private Raw(NetSocket socket) {
      this.socket = socket;
      socket.handler(data -> received.append(data.toString(StandardCharsets.ISO_8859_1)));
      socket.closeHandler(ignored -> closed.complete(null));
    }

    static Raw connect(Vertx vertx, int port) {
      NetClient client = vertx.createNetClient();
      return Await.result(client.connect(port, "127.0.0.1").map(Raw::new));
    }

    void write(String text) {
      Await.result(socket.write(Buffer.buffer(text, "ISO-8859-1")));
    }

    void awaitClosed() {
      try {
        closed.get(Await.SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("the server did not close the connection; it sent: "
            + received, e);
      }
    }

    String received() {
      return received.toString();
    }
  }
}
