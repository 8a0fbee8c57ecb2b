package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.MsgPack;
import io.tickwire.protocol.ServerFrames;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A presence answer larger than {@code gateway.maxFrameBytes} (256 here) reaches a client that
 * accepts no larger frame, JSON and MessagePack alike, and over a connection that may compress:
 * the node fragments the answer spliced onto the channel's body encoded once, as it fragments any
 * text message, whether it is written at once or waits behind a full socket (a write queue of
 * 1 KiB here).
 */
@DisplayName("Presence answers larger than a frame")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PresenceAnswerFramesTest {

  static final int MAX_FRAME_BYTES = 256;
  static GatewayFixture node;
  static WebSocketClient strict;
  /** The same, offering permessage-deflate, which the node accepts. */
  static WebSocketClient strictDeflate;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start(json -> {
      json.getJsonObject("gateway").put("maxFrameBytes", MAX_FRAME_BYTES)
          .put("writeQueueBytes", 1024).put("compression", true);
      json.getJsonObject("namespaces").put("lobby", new JsonObject().put("access", "public")
          .put("mode", "stream").put("historySize", 10).put("historyTtlMs", 60_000)
          .put("presence", true));
    });
    // A client that fails the connection on any frame over the node's frame size.
    strict = node.vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(MAX_FRAME_BYTES).setMaxMessageSize(1 << 20).setMaxConnections(500));
    strictDeflate = node.vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(MAX_FRAME_BYTES).setMaxMessageSize(1 << 20).setMaxConnections(500)
        .setTryUsePerMessageCompression(true));
  }

  @AfterAll
  static void stop() {
    strict.close();
    strictDeflate.close();
    node.close();
  }

  TestSocket connect(String user, boolean msgpack) {
    return connect(user, msgpack, false);
  }

  TestSocket connect(String user, boolean msgpack, boolean deflate) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(node.port).setURI("/ws?token=" + node.token(user, 600));
    if (msgpack) {
      options.setSubProtocols(List.of(TestSocket.MSGPACK));
    }
    TestSocket socket = TestSocket.connect(node.vertx, deflate ? strictDeflate : strict, options);
    assertThat(socket.msgpack).isEqualTo(msgpack);
    assertThat(String.valueOf(socket.ws.headers().get("sec-websocket-extensions")))
        .as("permessage-deflate negotiated").contains(deflate ? "permessage-deflate" : "null");
    socket.next("welcome");
    return socket;
  }

  /**
   * {@code count} members with long names on {@code channel}, and its presence as the HTTP API
   * answers: 6 make a body of about 1 KB, written from the heap; 90 one over
   * {@link ServerFrames#OFF_HEAP_MIN_BYTES}, written from its off-heap copy.
   */
  JsonObject fill(String channel, int count, List<TestSocket> members) {
    for (int i = 0; i < count; i++) {
      TestSocket member = connect("member-with-a-rather-long-user-name-" + i, false);
      member.subscribe(channel);
      members.add(member);
    }
    JsonObject body = node.call(HttpMethod.GET, "/api/presence/" + channel, TestConfig.API_KEY,
        null).json();
    assertThat(body.getInteger("count")).isEqualTo(count);
    assertThat(body.encode().length()).as("larger than several frames")
        .isGreaterThan(3 * MAX_FRAME_BYTES);
    assertThat(body.toBuffer().length() >= ServerFrames.OFF_HEAP_MIN_BYTES)
        .as("JSON off-heap").isEqualTo(count > 6);
    assertThat(MsgPack.fromJson(body).length >= ServerFrames.OFF_HEAP_MIN_BYTES)
        .as("MessagePack off-heap").isEqualTo(count > 6);
    return body;
  }

  @Test
  @DisplayName("JSON and MessagePack answers over the frame size arrive whole, equal to the HTTP answer, in frames the client accepts, compressed or not, from the heap or off-heap")
  void fragmented() {
    List<TestSocket> members = new ArrayList<>();
    for (int count : new int[] {6, 90}) {
      String channel = "lobby.big" + count;
      JsonObject body = fill(channel, count, members);
      for (String client : List.of("JSON", "MessagePack", "JSON with permessage-deflate")) {
        TestSocket asker = connect("asker", client.equals("MessagePack"),
            client.contains("deflate"));
        for (String id : List.of("p\"1", "p2")) {
          asker.send(new JsonObject().put("type", "presence").put("id", id)
              .put("channel", channel));
          JsonObject answer = asker.next(frame -> id.equals(frame.getString("id")));
          assertThat(answer.remove("type")).isEqualTo("presence");
          answer.remove("id");
          assertThat(answer).as(client + ", " + count + " members").isEqualTo(body);
        }
        assertThat(asker.closed).as("the client accepted every frame").isNotDone();
        asker.close();
      }
    }
    members.forEach(TestSocket::close);
  }

  @Test
  @DisplayName("answers asked for faster than the socket takes them wait behind it and arrive whole and in order, JSON and MessagePack")
  void queuedBehindAFullSocket() {
    List<TestSocket> members = new ArrayList<>();
    for (int count : new int[] {6, 90}) {
      String channel = "lobby.queued" + count;
      JsonObject body = fill(channel, count, members);
      for (boolean msgpack : new boolean[] {false, true}) {
        TestSocket asker = connect("asker", msgpack);
        // Each answer is larger than the 1 KiB write queue: after the first one of a read, the
        // others wait in the connection's queue until the socket has room again.
        int asked = 30;
        for (int i = 0; i < asked; i++) {
          asker.send(new JsonObject().put("type", "presence").put("id", "q" + i)
              .put("channel", channel));
        }
        for (int i = 0; i < asked; i++) {
          JsonObject answer = asker.next("presence");
          assertThat(answer.remove("id")).as("in order").isEqualTo("q" + i);
          answer.remove("type");
          assertThat(answer).as((msgpack ? "MessagePack, " : "JSON, ") + count + " members")
              .isEqualTo(body);
        }
        assertThat(asker.closed).as("within the bounds: not closed").isNotDone();
        asker.close();
      }
    }
    members.forEach(TestSocket::close);
  }
}
