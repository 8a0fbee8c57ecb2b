package io.tickwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Server frames")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServerFramesTest {

  @Test
  @DisplayName("welcome names session, node, protocol 1, the heartbeat interval, the features and the server's subscriptions")
  void welcome() {
    JsonObject frame = new JsonObject(ServerFrames.welcome("sess-1", "node-a", 15_000,
        java.util.List.of("publish", "autoSubscribe", "ephemeral"),
        java.util.List.of("system.announcements")));
    assertThat(frame.fieldNames()).containsExactlyInAnyOrder("type", "session", "node",
        "protocol", "heartbeatMs", "features", "subscriptions");
    assertThat(frame.getJsonArray("features").getList())
        .containsExactly("publish", "autoSubscribe", "ephemeral");
    assertThat(frame.getJsonArray("subscriptions").getList())
        .containsExactly("system.announcements");
    assertThat(new JsonObject(ServerFrames.welcome("s", "n", 1)).fieldNames())
        .containsExactlyInAnyOrder("type", "session", "node", "protocol", "heartbeatMs");
    assertThat(frame.getString("type")).isEqualTo("welcome");
    assertThat(frame.getString("session")).isEqualTo("sess-1");
    assertThat(frame.getString("node")).isEqualTo("node-a");
    assertThat(frame.getInteger("protocol")).isEqualTo(1);
    assertThat(frame.getLong("heartbeatMs")).isEqualTo(15_000L);
  }

  @Test
  @DisplayName("published answers id, channel, seq and epoch; a message with from carries it after data")
  void published() {
    JsonObject frame = new JsonObject(ServerFrames.published("p1", "desk.a", 7, "e1"));
    assertThat(frame.fieldNames())
        .containsExactlyInAnyOrder("type", "id", "channel", "seq", "epoch");
    assertThat(frame.getString("type")).isEqualTo("published");
    assertThat(frame.getLong("seq")).isEqualTo(7L);
    JsonObject from = new JsonObject().put("user", "alice").put("session", "s1");
    String text = ServerFrames.message("desk.a", 7, "e1", 9, "hi", from);
    assertThat(new JsonObject(text).getJsonObject("from")).isEqualTo(from);
    assertThat(ChannelMessage.ofEncoded("desk.a", 7, "e1", 9, "\"hi\"", from.encode())
        .frameText()).isEqualTo(text);
    assertThat(ServerFrames.message("desk.a", 7, "e1", 9, "hi", null))
        .isEqualTo(ServerFrames.message("desk.a", 7, "e1", 9, "hi"))
        .doesNotContain("from");
  }

  @Test
  @DisplayName("a WebSocket's welcome adds the features the node serves, in order")
  void welcomeWithFeatures() {
    JsonObject frame = new JsonObject(ServerFrames.welcome("sess-1", "node-a", 15_000,
        List.of("msgpack", "other")));
    assertThat(frame.fieldNames()).containsExactlyInAnyOrder("type", "session", "node",
        "protocol", "heartbeatMs", "features");
    assertThat(frame.getJsonArray("features")).isEqualTo(new JsonArray().add("msgpack")
        .add("other"));
    assertThat(frame.getInteger("protocol")).isEqualTo(1);
  }

  @Test
  @DisplayName("join and leave name the channel and the client's session and user (null when anonymous)")
  void joinLeave() {
    assertThat(new JsonObject(ServerFrames.joinLeave("join", "desk.a", "s1", "alice")))
        .isEqualTo(new JsonObject().put("type", "join").put("channel", "desk.a")
            .put("client", new JsonObject().put("session", "s1").put("user", "alice")));
    JsonObject leave = new JsonObject(ServerFrames.joinLeave("leave", "desk.a", "s2", null));
    assertThat(leave.getJsonObject("client").containsKey("user")).isTrue();
    assertThat(leave.getJsonObject("client").getString("user")).isNull();
  }

  @Test
  @DisplayName("the presence answer puts type and the escaped id before the encoded presence")
  void presence() {
    String body = "{\"channel\":\"desk.ü\",\"clients\":[],\"users\":0,\"count\":0}";
    SplicedFrame spliced = ServerFrames.presenceText("a\"b", new SharedFrame(body));
    assertThat(spliced.tail().isDirect()).as("a small body stays on the heap").isFalse();
    assertThat(spliced.tail().isReadOnly()).isTrue();
    byte[] frame = spliced.toBytes();
    assertThat(spliced.length()).isEqualTo(frame.length);
    assertThat(new JsonObject(new String(frame, StandardCharsets.UTF_8))).isEqualTo(
        new JsonObject().put("type", "presence").put("id", "a\"b")
        .put("channel", "desk.ü").put("clients", new JsonArray())
        .put("users", 0).put("count", 0));
    assertThat(new JsonObject(new String(ServerFrames.presenceText("x",
        new SharedFrame("{}")).toBytes(), StandardCharsets.UTF_8))).as("an empty object")
        .isEqualTo(new JsonObject().put("type", "presence").put("id", "x"));
    assertThatThrownBy(() -> ServerFrames.presenceText("x", new SharedFrame("[]")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a large presence body is written from the heap for its first answer, then from one off-heap copy, JSON and MessagePack")
  void presenceOffHeap() {
    JsonArray clients = new JsonArray();
    while (clients.encode().length() < 2 * ServerFrames.OFF_HEAP_MIN_BYTES) {
      clients.add(new JsonObject().put("session", "s" + clients.size()).put("user", "ü"));
    }
    JsonObject body = new JsonObject().put("channel", "desk.a").put("clients", clients)
        .put("users", 1).put("count", clients.size());
    SharedFrame shared = new SharedFrame(body.encode());
    JsonObject expected = new JsonObject().put("type", "presence").put("id", "x")
        .mergeIn(body);
    for (int i = 0; i < 3; i++) {
      String answer = i == 0 ? "the first answer: from the heap" : "answer " + (i + 1) + ": off-heap";
      SplicedFrame text = ServerFrames.presenceText("x", shared);
      assertThat(text.tail().isDirect()).as(answer).isEqualTo(i > 0);
      assertThat(text.tail().isReadOnly()).isTrue();
      assertThat(new JsonObject(new String(text.toBytes(), StandardCharsets.UTF_8)))
          .isEqualTo(expected);
      SplicedFrame packed = ServerFrames.presence("x", shared);
      assertThat(packed.tail().isDirect()).as(answer).isEqualTo(i > 0);
      assertThat(MsgPack.toJsonObject(packed.toBytes())).isEqualTo(expected);
    }
    assertThat(shared.utf8Buffer()).isEqualTo(ByteBuffer.wrap(shared.utf8()));
    assertThat(shared.packedBuffer()).isEqualTo(ByteBuffer.wrap(shared.packed()));
  }

  @Test
  @DisplayName("the packed presence answer puts type and id before the presence packed once, its entries not packed again")
  void presencePacked() {
    String body = "{\"channel\":\"desk.a\",\"clients\":[{\"session\":\"s1\",\"user\":\"ü\"}],"
        + "\"users\":1,\"count\":1}";
    SharedFrame shared = new SharedFrame(body);
    assertThat(shared.isPacked()).isFalse();
    byte[] packedBody = shared.packed();
    assertThat(shared.packed()).as("packed once").isSameAs(packedBody);
    SplicedFrame spliced = ServerFrames.presence("q\"1", shared);
    assertThat(spliced.tail().isDirect()).as("a small body stays on the heap").isFalse();
    byte[] frame = spliced.toBytes();
    assertThat(new JsonObject(MsgPack.toJson(frame)))
        .isEqualTo(new JsonObject(new String(ServerFrames.presenceText("q\"1",
            shared).toBytes(), StandardCharsets.UTF_8)));
    assertThat(MsgPack.toJsonObject(frame).fieldNames())
        .containsExactly("type", "id", "channel", "clients", "users", "count");
  }

  @Test
  @DisplayName("authed carries user and expiresAt, and the id only when the auth frame had one")
  void authed() {
    JsonObject withId = new JsonObject(ServerFrames.authed("a1", "alice", 1_700_000_000_000L));
    assertThat(withId.fieldNames())
        .containsExactlyInAnyOrder("type", "id", "user", "expiresAt");
    assertThat(withId.getString("type")).isEqualTo("authed");
    assertThat(withId.getString("id")).isEqualTo("a1");
    assertThat(withId.getString("user")).isEqualTo("alice");
    assertThat(withId.getLong("expiresAt")).isEqualTo(1_700_000_000_000L);
    JsonObject withoutId = new JsonObject(ServerFrames.authed(null, "bob", 5L));
    assertThat(withoutId.fieldNames()).containsExactlyInAnyOrder("type", "user", "expiresAt");
    assertThat(withoutId.getString("user")).isEqualTo("bob");
  }

  @Test
  @DisplayName("subscribed lists one entry per granted channel with seq, epoch and recovered")
  void subscribed() {
    JsonObject frame = new JsonObject(ServerFrames.subscribed("s1", List.of(
        new ServerFrames.Granted("tx.a", 12, "ep1", true),
        new ServerFrames.Granted("blocks", 0, "ep2", false))));
    assertThat(frame.fieldNames()).containsExactlyInAnyOrder("type", "id", "channels");
    assertThat(frame.getString("type")).isEqualTo("subscribed");
    assertThat(frame.getString("id")).isEqualTo("s1");
    assertThat(frame.getJsonArray("channels")).containsExactly(
        new JsonObject().put("channel", "tx.a").put("seq", 12L).put("epoch", "ep1")
            .put("recovered", true),
        new JsonObject().put("channel", "blocks").put("seq", 0L).put("epoch", "ep2")
            .put("recovered", false));
  }

  @Test
  @DisplayName("subscribed with nothing granted has an empty channels array")
  void subscribedNothing() {
    JsonObject frame = new JsonObject(ServerFrames.subscribed("s2", List.of()));
    assertThat(frame.getJsonArray("channels")).isEmpty();
    assertThat(frame.getString("id")).isEqualTo("s2");
  }

  @Test
  @DisplayName("subscribed lists refused channels under errors, with code and message, in one frame")
  void subscribedWithErrors() {
    JsonObject frame = new JsonObject(ServerFrames.subscribed("s3", List.of(
        new ServerFrames.Granted("tx.a", 1, "ep1", false)), List.of(
        new ProtocolException(ErrorCode.FORBIDDEN, "not yours", null, "user.bob"),
        new ProtocolException(ErrorCode.NOT_FOUND, "unknown namespace", null, "nope.x"))));
    assertThat(frame.fieldNames()).containsExactlyInAnyOrder("type", "id", "channels", "errors");
    assertThat(frame.getJsonArray("channels")).hasSize(1);
    assertThat(frame.getJsonArray("errors")).containsExactly(
        new JsonObject().put("channel", "user.bob").put("code", "forbidden")
            .put("message", "not yours"),
        new JsonObject().put("channel", "nope.x").put("code", "not_found")
            .put("message", "unknown namespace"));
  }

  @Test
  @DisplayName("unsubscribed echoes id and channels")
  void unsubscribed() {
    JsonObject frame = new JsonObject(ServerFrames.unsubscribed("u1", List.of("tx.a", "tx.b")));
    assertThat(frame.fieldNames()).containsExactlyInAnyOrder("type", "id", "channels");
    assertThat(frame.getString("type")).isEqualTo("unsubscribed");
    assertThat(frame.getString("id")).isEqualTo("u1");
    assertThat(frame.getJsonArray("channels")).containsExactly("tx.a", "tx.b");
  }

  @Test
  @DisplayName("response carries the id and any JSON value as data")
  void response() {
    JsonObject object = new JsonObject(ServerFrames.response("r1",
        new JsonObject().put("ok", true)));
    assertThat(object.fieldNames()).containsExactlyInAnyOrder("type", "id", "data");
    assertThat(object.getString("type")).isEqualTo("response");
    assertThat(object.getString("id")).isEqualTo("r1");
    assertThat(object.getJsonObject("data")).isEqualTo(new JsonObject().put("ok", true));
    assertThat(new JsonObject(ServerFrames.response("r2", new JsonArray().add(1).add(2)))
        .getJsonArray("data")).containsExactly(1, 2);
    assertThat(new JsonObject(ServerFrames.response("r3", "text")).getString("data"))
        .isEqualTo("text");
    assertThat(new JsonObject(ServerFrames.response("r4", 7)).getInteger("data")).isEqualTo(7);
  }

  @Test
  @DisplayName("pong carries the id and ts")
  void pong() {
    JsonObject frame = new JsonObject(ServerFrames.pong("p1", 123L));
    assertThat(frame.fieldNames()).containsExactlyInAnyOrder("type", "id", "ts");
    assertThat(frame.getString("type")).isEqualTo("pong");
    assertThat(frame.getString("id")).isEqualTo("p1");
    assertThat(frame.getLong("ts")).isEqualTo(123L);
  }

  @Test
  @DisplayName("error carries the snake_case code, message, and id and channel only when known")
  void error() {
    JsonObject full = new JsonObject(ServerFrames.error(ErrorCode.RATE_LIMITED, "slow down",
        "x1", "tx.a"));
    assertThat(full.fieldNames())
        .containsExactlyInAnyOrder("type", "code", "message", "id", "channel");
    assertThat(full.getString("type")).isEqualTo("error");
    assertThat(full.getString("code")).isEqualTo("rate_limited");
    assertThat(full.getString("message")).isEqualTo("slow down");
    assertThat(full.getString("id")).isEqualTo("x1");
    assertThat(full.getString("channel")).isEqualTo("tx.a");
    JsonObject bare = new JsonObject(ServerFrames.error(ErrorCode.BAD_REQUEST, "no", null, null));
    assertThat(bare.fieldNames()).containsExactlyInAnyOrder("type", "code", "message");
    assertThat(bare.getString("code")).isEqualTo("bad_request");
  }

  @Test
  @DisplayName("a protocol exception becomes the matching error frame")
  void protocolExceptionFrame() {
    ProtocolException refusal = new ProtocolException(ErrorCode.FORBIDDEN, "not yours", null,
        "wallet.0xab").withId("s9");
    JsonObject frame = new JsonObject(refusal.toFrame());
    assertThat(frame).isEqualTo(new JsonObject().put("type", "error").put("code", "forbidden")
        .put("message", "not yours").put("id", "s9").put("channel", "wallet.0xab"));
  }

  @Test
  @DisplayName("message carries channel, seq, epoch, ts and data, and is the frame of a channel message")
  void message() {
    String text = ServerFrames.message("tx.a", 5, "ep", 1_700_000_000_000L,
        new JsonObject().put("v", "é"));
    JsonObject frame = new JsonObject(text);
    assertThat(frame.fieldNames())
        .containsExactlyInAnyOrder("type", "channel", "seq", "epoch", "ts", "data");
    assertThat(frame.getString("type")).isEqualTo("message");
    assertThat(frame.getString("channel")).isEqualTo("tx.a");
    assertThat(frame.getLong("seq")).isEqualTo(5L);
    assertThat(frame.getString("epoch")).isEqualTo("ep");
    assertThat(frame.getLong("ts")).isEqualTo(1_700_000_000_000L);
    assertThat(frame.getJsonObject("data")).isEqualTo(new JsonObject().put("v", "é"));

    ChannelMessage message = ChannelMessage.of("tx.a", 5, "ep", 1_700_000_000_000L,
        new JsonObject().put("v", "é"));
    assertThat(message.frameText()).isEqualTo(text);
    assertThat(message.channel()).isEqualTo("tx.a");
    assertThat(message.seq()).isEqualTo(5L);
    assertThat(message.epoch()).isEqualTo("ep");
    assertThat(message.ts()).isEqualTo(1_700_000_000_000L);
  }

  @Test
  @DisplayName("error codes map to their HTTP status and back")
  void errorCodes() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(ErrorCode.fromStatus(code.status())).isEqualTo(code);
      assertThat(ErrorCode.fromToken(code.token())).isEqualTo(code);
    }
    assertThat(ErrorCode.NOT_FOUND.token()).isEqualTo("not_found");
    assertThat(ErrorCode.TIMEOUT.status()).isEqualTo(504);
    assertThat(ErrorCode.fromStatus(418)).isEqualTo(ErrorCode.INTERNAL);
    assertThat(ErrorCode.fromToken("teapot")).isNull();
  }
}
