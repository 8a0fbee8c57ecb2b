package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("A WebSocket that writes straight to its channel")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DirectWritesTest {

  private static final int FRAME_BYTES = 16 * 1024;

  private final Vertx vertx = Vertx.vertx();

  private record Upgraded(ServerWebSocket ws, HttpConnection connection, boolean installed,
      Context context) {
  }

  @AfterEach
  void stop() {
    TestNode.await(vertx.close());
  }

  @Test
  @DisplayName("is full as soon as its channel is, drains when the client reads again, and loses nothing")
  void backpressure() throws Exception {
    CompletableFuture<Upgraded> upgraded = new CompletableFuture<>();
    int port = TestNode.await(vertx.createHttpServer().requestHandler(request ->
        request.toWebSocket().onSuccess(ws -> upgraded.complete(new Upgraded(ws,
            request.connection(), DirectWrites.install(request.connection()),
            vertx.getOrCreateContext())))).listen(0, "127.0.0.1")).actualPort();
    WebSocket client = TestNode.await(vertx.createWebSocketClient().connect(
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")));
    AtomicInteger received = new AtomicInteger();
    client.binaryMessageHandler(frame -> received.incrementAndGet());
    client.pause();
    Upgraded server = upgraded.get(20, TimeUnit.SECONDS);
    assertThat(server.installed()).isTrue();

    // Written in one event-loop task until full, as a fan-out writes: the client reads nothing.
    CompletableFuture<Void> drained = new CompletableFuture<>();
    int[] outcome = TestNode.await(Future.future(promise -> server.context().runOnContext(
        ignored -> {
          Channel channel = ((ConnectionBase) server.connection()).channel();
          server.ws().setWriteQueueMaxSize(64 * 1024);
          server.ws().drainHandler(done -> drained.complete(null));
          int sent = 0;
          int unwritableButNotFull = 0;
          while (!server.ws().writeQueueFull() && sent < 100_000) {
            server.ws().writeBinaryMessage(Buffer.buffer(new byte[FRAME_BYTES]));
            sent++;
            if (!channel.isWritable() && !server.ws().writeQueueFull()) {
              unwritableButNotFull++;
            }
          }
          promise.complete(new int[] {sent, unwritableButNotFull});
        })));
    int sent = outcome[0];
    assertThat(sent).isLessThan(100_000);
    assertThat(outcome[1]).as("writes accepted while the channel was not writable").isZero();

    client.resume();
    drained.get(20, TimeUnit.SECONDS);
    TestNode.awaitTrue(() -> received.get() == sent, "every frame received");
  }
}
