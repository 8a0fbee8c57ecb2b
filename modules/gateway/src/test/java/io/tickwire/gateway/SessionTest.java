package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.channels.LocalChannels;
import io.tickwire.channels.NamespacePolicy;
import io.tickwire.gateway.endpoint.Session;
import io.tickwire.gateway.fanout.Subscription;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.runtime.NodeContext;
import io.tickwire.runtime.Section;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Session delivery")
class SessionTest {

  /** What a session does to its socket; Vert.x's answers as seen from the event loop. */
  static final class Socket {
    final List<Object> frames = new ArrayList<>();
    boolean full;
    /** The client's close frame arrived; the socket's close handler has not run yet. */
    boolean closeReceived;
    /** What the session runs when the socket has room again. */
    Handler<Void> drain;

    @SuppressWarnings("unchecked")
    ServerWebSocket proxy() {
      return (ServerWebSocket) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {ServerWebSocket.class}, (proxy, method, args) -> {
            switch (method.getName()) {
              case "setWriteQueueMaxSize" -> {
                return proxy;
              }
              case "drainHandler" -> {
                drain = (Handler<Void>) args[0];
                return proxy;
              }
              case "writeQueueFull" -> {
                if (closeReceived) {
                  // What WebSocketImplBase.checkClosed throws.
                  throw new IllegalStateException("WebSocket is closed");
                }
                return full;
              }
              case "writeFrame" -> {
                frames.add(args[0]);
                return Future.succeededFuture();
              }
              case "closeStatusCode" -> {
                return closeReceived ? (short) 1000 : null;
              }
              default -> throw new UnsupportedOperationException(method.getName());
            }
          });
    }
  }

  final Socket socket = new Socket();
  final Session session = new Session("s1", socket.proxy(), null, context(),
      (session, subscription) -> {
        throw new AssertionError("no gap expected");
      });

  static GatewayContext context() {
    GatewaySetup setup = GatewaySetup.from(Section.root(GatewayFixture.config()));
    var node = NodeContext.create("session-test");
    return new GatewayContext(setup, node, new GatewayMetrics(node.registry()), null,
        new LocalChannels(), null, null);
  }

  static Subscription live(String channel, NamespacePolicy.Mode mode) {
    Subscription subscription = new Subscription(channel, new NamespacePolicy(
        channel.substring(0, channel.indexOf('.')), NamespacePolicy.Access.PUBLIC, mode, 10,
        60_000));
    subscription.recovered(0, "e");
    return subscription;
  }

  static ChannelMessage message(String channel, long seq) {
    return ChannelMessage.of(channel, seq, "e", System.currentTimeMillis(),
        new JsonObject().put("n", seq));
  }

  @Test
  @DisplayName("answers that a message was written when the socket had room, and not when it waits")
  void answersWhetherWritten() {
    Subscription subscription = live("tx.a", NamespacePolicy.Mode.STREAM);
    assertThat(session.deliver(subscription, message("tx.a", 1))).isTrue();
    socket.full = true;
    assertThat(session.deliver(subscription, message("tx.a", 2))).isFalse();
    socket.full = false;
    // Behind a waiting message, a new one waits too, whatever room the socket has.
    assertThat(session.deliver(subscription, message("tx.a", 3))).isFalse();
    assertThat(socket.frames).hasSize(1);
  }

  @Test
  @DisplayName("writes what waited in order at the drain, stream before latest, and queues a later backlog again")
  void drainsThenQueuesAgain() {
    Subscription stream = live("tx.a", NamespacePolicy.Mode.STREAM);
    Subscription latest = live("prices.a", NamespacePolicy.Mode.LATEST);
    assertThat(session.deliver(stream, message("tx.a", 1))).isTrue();
    socket.full = true;
    session.deliver(stream, message("tx.a", 2));
    session.deliver(latest, message("prices.a", 1));
    session.deliver(latest, message("prices.a", 2));
    session.deliver(stream, message("tx.a", 3));
    socket.full = false;
    socket.drain.handle(null);
    assertThat(written()).containsExactly("tx.a/1", "tx.a/2", "tx.a/3", "prices.a/2");

    // Nothing waits any more: the next message goes out at once.
    assertThat(session.deliver(stream, message("tx.a", 4))).isTrue();
    socket.full = true;
    assertThat(session.deliver(latest, message("prices.a", 3))).isFalse();
    socket.full = false;
    socket.drain.handle(null);
    socket.drain.handle(null);
    assertThat(written()).endsWith("tx.a/4", "prices.a/3");
  }

  /** The frames written, as channel/seq. */
  private List<String> written() {
    return socket.frames.stream().map(frame -> new JsonObject(((WebSocketFrame) frame).textData()))
        .map(json -> json.getString("channel") + "/" + json.getLong("seq")).toList();
  }

  @Test
  @DisplayName("skips a socket whose client has sent its close frame, without throwing")
  void closingClient() {
    Subscription subscription = live("prices.a", NamespacePolicy.Mode.LATEST);
    socket.closeReceived = true;
    assertThat(session.deliver(subscription, message("prices.a", 1))).isFalse();
    assertThat(session.closing()).isTrue();
    assertThat(session.closeCode()).isEqualTo(1000);
    assertThat(session.deliver(subscription, message("prices.a", 2))).isFalse();
    assertThat(socket.frames).isEmpty();
  }
}
