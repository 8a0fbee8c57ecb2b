package io.tickwire.testkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The WebSocket test client")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TestSocketTest {

  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  /** A client of a server on loopback that runs {@code server} on each connection. */
  TestSocket connect(Consumer<ServerWebSocket> server) {
    int port = Await.result(vertx.createHttpServer().webSocketHandler(server::accept)
        .listen(0, "127.0.0.1")).actualPort();
    return TestSocket.connect(vertx, vertx.createWebSocketClient(),
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"));
  }

  static String message(String channel, int n) {
    return new JsonObject().put("type", "message").put("channel", channel)
        .put("data", new JsonObject().put("n", n)).encode();
  }

  @Test
  @DisplayName("takes a channel's next message and leaves the frames before it queued, in order")
  void takesByChannel() {
    TestSocket socket = connect(ws -> {
      ws.writeTextMessage(message("a", 1));
      ws.writeTextMessage(message("b", 1));
      ws.writeTextMessage(message("a", 2));
    });
    assertThat(socket.message("b").getJsonObject("data").getInteger("n")).isEqualTo(1);
    assertThat(socket.message("a").getJsonObject("data").getInteger("n")).isEqualTo(1);
    assertThat(socket.next().getJsonObject("data").getInteger("n")).isEqualTo(2);
  }

  @Test
  @DisplayName("answers a request with the frame of its id, whatever the server sent before it")
  void answersById() {
    TestSocket socket = connect(ws -> ws.textMessageHandler(text -> {
      JsonObject request = new JsonObject(text);
      ws.writeTextMessage(message("a", 1));
      ws.writeTextMessage(new JsonObject().put("type", "response")
          .put("id", request.getString("id")).put("data", request.getJsonObject("data"))
          .encode());
    }));
    JsonObject data = socket.call("echo", new JsonObject().put("hello", "world"));
    assertThat(data.getString("hello")).isEqualTo("world");
    assertThat(socket.next("message").getString("channel")).isEqualTo("a");
  }

  @Test
  @DisplayName("drops the frames before a match when told to skip until it, and sees the close code")
  void skipsUntil() {
    TestSocket socket = connect(ws -> {
      for (int n = 1; n <= 3; n++) {
        ws.writeTextMessage(message(n < 3 ? "a" : "b", n));
      }
      ws.close((short) 4001);
    });
    assertThat(socket.until(frame -> "b".equals(frame.getString("channel")))
        .getJsonObject("data").getInteger("n")).isEqualTo(3);
    assertThat(socket.awaitClose()).isEqualTo(4001);
    assertThat(socket.frames).isEmpty();
  }
}
