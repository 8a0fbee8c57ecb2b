package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.CloseCode;
import io.tickwire.protocol.FrameType;
import io.tickwire.testkit.core.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The Java client's heartbeat")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HeartbeatTest {

  @Test
  @DisplayName("closes a connection whose pings go unanswered with 4000 and connects again")
  void pongTimeout() {
    Vertx vertx = Vertx.vertx();
    LinkedBlockingQueue<Short> closes = new LinkedBlockingQueue<>();
    // A server that welcomes every connection and then never answers a ping.
    HttpServer server = Await.result(vertx.createHttpServer().webSocketHandler(ws -> {
      ws.closeHandler(ignored -> {
        if (ws.closeStatusCode() != null) {
          closes.add(ws.closeStatusCode());
        }
      });
      ws.writeTextMessage(new JsonObject().put("type", FrameType.WELCOME)
          .put("session", "silent").encode());
    }).listen(0, "127.0.0.1"));
    TickwireClient client = TickwireClient.create(new ClientOptions().setHost("127.0.0.1")
        .setPort(server.actualPort()).setBackoffBaseMs(20).setBackoffCapMs(200)
        .setPingIntervalMs(50).setPingTimeoutMs(100));
    Events events = Events.of(client);
    try {
      Await.result(client.connect());
      events.state(ConnectionState.CONNECTED);
      StateChange lost = events.state(ConnectionState.RECONNECTING);
      assertThat(lost.closeCode()).isEqualTo(CloseCode.HEARTBEAT_TIMEOUT);
      assertThat(lost.reason()).isEqualTo("no pong within 100 ms");
      assertThat(Await.next(closes, "the server's close"))
          .isEqualTo(CloseCode.HEARTBEAT_TIMEOUT);
      events.state(ConnectionState.CONNECTED);
    } finally {
      Await.result(client.close());
      Await.result(vertx.close());
    }
  }
}
