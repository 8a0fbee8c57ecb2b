package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.tickwire.gateway.config.GatewayConfig;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

@DisplayName("MessagePack frames (subprotocol tickwire.v1.msgpack)")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessagePackTest {

  static final String CHANNEL = "tx.0x" + "7a".repeat(32);
  static final String OTHER = "tx.0x" + "7b".repeat(32);
  static final String JSON_ONLY = "tx.0x" + "7c".repeat(32);
  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static double encoded() {
    Counter counter = node.node.registry().find("tickwire.gateway.msgpack.encoded").counter();
    return counter == null ? 0 : counter.count();
  }

  static double msgpackConnections() {
    return node.node.registry().find("tickwire.gateway.msgpack.connections").gauge().value();
  }

  /** {@code frame} without the fields that differ between two connections by design. */
  static JsonObject comparable(JsonObject frame) {
    JsonObject copy = frame.copy();
    copy.remove("id");
    copy.remove("session");
    return copy;
  }

  static byte[] packed(IoPack body) throws IOException {
    try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      body.pack(out);
      return out.toByteArray();
    }
  }

  interface IoPack {
    void pack(MessageBufferPacker out) throws IOException;
  }

  @Test
  @DisplayName("a MessagePack client and a JSON client receive equal welcome, subscribed, message, "
      + "response, error and pong frames, the MessagePack one only as binary messages")
  void sameFrames() {
    TestSocket json = node.connect();
    TestSocket packed = node.connectMsgPack("");

    assertThat(json.msgpack).isFalse();
    assertThat(comparable(packed.welcome)).isEqualTo(comparable(json.welcome));
    assertThat(packed.welcome.getJsonArray("features").getList()).contains("msgpack");
    assertThat(packed.welcome.getInteger("protocol")).isEqualTo(1);

    JsonObject subscribedJson = json.subscribe(CHANNEL, "tx.bad name");
    JsonObject subscribedPacked = packed.subscribe(CHANNEL, "tx.bad name");
    assertThat(subscribedPacked.getJsonArray("errors")).isNotEmpty();
    assertThat(comparable(subscribedPacked)).isEqualTo(comparable(subscribedJson));

    List<Object> data = List.of(
        new JsonObject().put("price", 64210.5).put("qty", 3),
        new JsonObject().put("name", "Zürich \"desk\" ✓\n").put("none", (Object) null)
            .put("flags", new JsonArray().add(true).add(false)).put("empty", "")
            .put("nested", new JsonObject().put("a", new JsonArray().add(new JsonObject()))),
        new JsonObject().put("big", Long.MAX_VALUE).put("negative", -1_000_000_000_000L)
            .put("small", -1).put("tiny", 1.0e-300),
        new JsonArray().add(1).add("two"),
        "a plain string");
    for (Object item : data) {
      node.publish(CHANNEL, item);
    }
    for (int i = 0; i < data.size(); i++) {
      JsonObject fromJson = json.message(CHANNEL);
      JsonObject fromPacked = packed.message(CHANNEL);
      assertThat(fromPacked).isEqualTo(fromJson);
      assertThat(fromPacked.encode()).isEqualTo(fromJson.encode());
    }

    JsonObject echo = new JsonObject().put("text", "héllo").put("n", 7)
        .put("list", new JsonArray().add(1.25));
    assertThat(comparable(packed.request("system.echo", echo)))
        .isEqualTo(comparable(json.request("system.echo", echo)));
    JsonObject unknownJson = json.request("nope.nothing", new JsonObject());
    JsonObject unknownPacked = packed.request("nope.nothing", new JsonObject());
    assertThat(unknownPacked.getString("type")).isEqualTo("error");
    assertThat(comparable(unknownPacked)).isEqualTo(comparable(unknownJson));
    JsonObject badJson = json.request("Not A Method", new JsonObject());
    JsonObject badPacked = packed.request("Not A Method", new JsonObject());
    assertThat(badPacked.getString("code")).isEqualTo("bad_request");
    assertThat(comparable(badPacked)).isEqualTo(comparable(badJson));

    packed.send(new JsonObject().put("type", "ping").put("id", "p1").put("ts", 12345));
    json.send(new JsonObject().put("type", "ping").put("id", "p1").put("ts", 12345));
    assertThat(packed.answer("p1")).isEqualTo(json.answer("p1"));

    assertThat(packed.textMessages).hasValue(0);
    assertThat(packed.binaryMessages.get()).isGreaterThanOrEqualTo(11);
    assertThat(json.binaryMessages).hasValue(0);
    json.closeAndWait();
    packed.closeAndWait();
  }

  @Test
  @DisplayName("replays missed messages to a MessagePack client resuming with since, equal to "
      + "what a JSON client resuming from the same position gets")
  void recovery() {
    String channel = "tx.0x" + "7e".repeat(32);
    JsonObject first = node.publish(channel, new JsonObject().put("n", 1));
    for (int i = 2; i <= 4; i++) {
      node.publish(channel, new JsonObject().put("n", i));
    }
    JsonObject since = new JsonObject().put(channel, new JsonObject()
        .put("seq", first.getLong("seq")).put("epoch", first.getString("epoch")));
    TestSocket json = node.connect();
    TestSocket packed = node.connectMsgPack("");
    JsonObject grantedJson = json.subscribe(since, channel);
    JsonObject grantedPacked = packed.subscribe(since, channel);
    assertThat(grantedPacked.getJsonArray("channels").getJsonObject(0).getBoolean("recovered"))
        .isTrue();
    assertThat(comparable(grantedPacked)).isEqualTo(comparable(grantedJson));
    for (int i = 2; i <= 4; i++) {
      JsonObject missed = packed.message(channel);
      assertThat(missed.getJsonObject("data").getInteger("n")).isEqualTo(i);
      assertThat(missed).isEqualTo(json.message(channel));
    }
    assertThat(packed.textMessages).hasValue(0);
    json.closeAndWait();
    packed.closeAndWait();
  }

  @Test
  @DisplayName("encodes a message as MessagePack once for all MessagePack subscribers of the "
      + "node, and never for a channel only JSON clients follow")
  void encodedOnce() {
    int subscribers = 24;
    int messages = 5;
    List<TestSocket> packedSockets = new ArrayList<>();
    List<TestSocket> jsonSockets = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      packedSockets.add(node.connectMsgPack("?channels=" + OTHER));
      jsonSockets.add(node.connect("?channels=" + OTHER + "," + JSON_ONLY));
    }
    for (TestSocket socket : packedSockets) {
      socket.next("subscribed");
    }
    for (TestSocket socket : jsonSockets) {
      socket.next("subscribed");
    }

    double before = encoded();
    for (int i = 0; i < messages; i++) {
      node.publish(JSON_ONLY, new JsonObject().put("i", i));
    }
    for (TestSocket socket : jsonSockets) {
      for (int i = 0; i < messages; i++) {
        assertThat(socket.message(JSON_ONLY).getJsonObject("data").getInteger("i")).isEqualTo(i);
      }
    }
    assertThat(encoded()).as("MessagePack encodings for a JSON-only channel").isEqualTo(before);

    for (int i = 0; i < messages; i++) {
      node.publish(OTHER, new JsonObject().put("i", i).put("pad", "x".repeat(100)));
    }
    for (int s = 0; s < subscribers; s++) {
      for (int i = 0; i < messages; i++) {
        JsonObject fromPacked = packedSockets.get(s).message(OTHER);
        assertThat(fromPacked.getJsonObject("data").getInteger("i")).isEqualTo(i);
        assertThat(fromPacked).isEqualTo(jsonSockets.get(s).message(OTHER));
      }
    }
    assertThat(encoded() - before).as("MessagePack encodings for " + messages + " messages to "
        + subscribers + " MessagePack subscribers").isEqualTo(messages);
    assertThat(msgpackConnections()).isGreaterThanOrEqualTo(subscribers);
    packedSockets.forEach(TestSocket::closeAndWait);
    jsonSockets.forEach(TestSocket::closeAndWait);
    Await.until("MessagePack connections counted down", () -> msgpackConnections() == 0);
  }

  @Test
  @DisplayName("answers bad_request to malformed MessagePack, to values JSON has no form for and "
      + "to text frames, and the connection goes on as a JSON one does after bad JSON")
  void malformed() throws IOException {
    TestSocket json = node.connect();
    json.sendText("{not json");
    assertThat(json.next("error").getString("code")).isEqualTo("bad_request");

    TestSocket packed = node.connectMsgPack("");
    List<byte[]> bad = List.of(
        new byte[] {(byte) 0xc1},
        "{\"type\":\"ping\",\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8),
        packed(out -> out.packArrayHeader(1).packString("ping")),
        packed(out -> out.packMapHeader(2).packString("type").packString("ping")),
        packed(out -> out.packMapHeader(1).packInt(1).packString("ping")),
        packed(out -> out.packMapHeader(2).packString("type").packString("ping")
            .packString("id").packBinaryHeader(2).writePayload(new byte[] {1, 2})),
        packed(out -> {
          out.packMapHeader(2).packString("type").packString("ping").packString("id");
          for (int i = 0; i < 1_100; i++) {
            out.packArrayHeader(1);
          }
          out.packNil();
        }),
        packed(out -> out.packMapHeader(1).packString("type").packString("dance")));
    for (byte[] frame : bad) {
      packed.sendBinary(frame);
      JsonObject error = packed.next("error");
      assertThat(error.getString("code")).isEqualTo("bad_request");
    }
    packed.sendText("{\"type\":\"ping\",\"id\":\"t\"}");
    assertThat(packed.next("error").getString("message")).contains("text frames");

    packed.send(new JsonObject().put("type", "ping").put("id", "alive"));
    assertThat(packed.next("pong").getString("id")).isEqualTo("alive");
    assertThat(packed.textMessages).hasValue(0);
    json.send(new JsonObject().put("type", "ping").put("id", "alive"));
    assertThat(json.next("pong").getString("id")).isEqualTo("alive");
    json.closeAndWait();
    packed.closeAndWait();
  }

  @Test
  @DisplayName("closes with 1009 a MessagePack message over maxFrameBytes, plain or compressed, "
      + "as it does a JSON one")
  void oversize() {
    int limit = GatewayConfig.DEFAULT_MAX_FRAME_BYTES;
    JsonObject big = new JsonObject().put("type", "ping").put("id", "big")
        .put("pad", "x".repeat(limit));

    TestSocket json = node.connect();
    json.send(big);
    TestSocket packed = node.connectMsgPack("");
    packed.send(big);
    assertThat(packed.awaitClose()).isEqualTo(1009).isEqualTo(json.awaitClose());

    RawSocket raw = RawSocket.connect(node.vertx, node.port, "/ws",
        "Sec-WebSocket-Protocol: tickwire.v1.msgpack\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate\r\n");
    assertThat(raw.deflate).isTrue();
    assertThat(TestSocket.unpack(raw.nextBinaryFrame().bytes()).getString("type"))
        .isEqualTo("welcome");
    int wire = raw.sendCompressedBinary(TestSocket.pack(big));
    assertThat(wire).isLessThan(limit / 10);
    assertThat(raw.awaitCloseCode()).isEqualTo(1009);
  }

  @Test
  @DisplayName("compresses large MessagePack messages and leaves small ones uncompressed, as for "
      + "JSON, on a client that negotiated permessage-deflate")
  void compressed() {
    String channel = "tx.0x" + "7d".repeat(32);
    RawSocket raw = RawSocket.connect(node.vertx, node.port, "/ws?channels=" + channel,
        "Sec-WebSocket-Protocol: tickwire.v1.msgpack\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate\r\n");
    assertThat(raw.handshake.toLowerCase()).contains("sec-websocket-protocol: tickwire.v1.msgpack");
    assertThat(TestSocket.unpack(raw.nextBinaryFrame().bytes()).getString("type"))
        .isEqualTo("welcome");
    assertThat(TestSocket.unpack(raw.nextBinaryFrame().bytes()).getString("type"))
        .isEqualTo("subscribed");

    String blob = "x".repeat(4_000);
    node.publish(channel, new JsonObject().put("price", 1.5));
    node.publish(channel, new JsonObject().put("blob", blob));

    RawSocket.BinaryFrame small = raw.nextBinaryFrame();
    assertThat(small.compressed()).isFalse();
    assertThat(TestSocket.unpack(small.bytes()).getJsonObject("data").getDouble("price"))
        .isEqualTo(1.5);
    RawSocket.BinaryFrame large = raw.nextBinaryFrame();
    assertThat(large.compressed()).isTrue();
    assertThat(large.wireBytes()).isLessThan(1_000);
    assertThat(TestSocket.unpack(large.bytes()).getJsonObject("data").getString("blob"))
        .isEqualTo(blob);
    assertThat(raw.texts).isEmpty();
    raw.close();
  }

  @Test
  @DisplayName("selects the first subprotocol the client lists that it knows, and JSON for "
      + "tickwire.v1.json, for none and for only unknown ones")
  void negotiation() {
    TestSocket jsonFirst = node.connectOffering("", "tickwire.v1.json", "tickwire.v1.msgpack");
    assertThat(jsonFirst.ws.subProtocol()).isEqualTo("tickwire.v1.json");
    assertThat(jsonFirst.msgpack).isFalse();
    assertThat(jsonFirst.textMessages).hasValue(1);
    jsonFirst.closeAndWait();

    TestSocket packedFirst = node.connectOffering("", "tickwire.v1.msgpack", "tickwire.v1.json");
    assertThat(packedFirst.ws.subProtocol()).isEqualTo("tickwire.v1.msgpack");
    assertThat(packedFirst.binaryMessages).hasValue(1);
    packedFirst.closeAndWait();

    RawSocket unknownFirst = RawSocket.connect(node.vertx, node.port, "/ws",
        "Sec-WebSocket-Protocol: chat, tickwire.v1.msgpack\r\n");
    assertThat(unknownFirst.handshake.toLowerCase())
        .contains("sec-websocket-protocol: tickwire.v1.msgpack");
    assertThat(TestSocket.unpack(unknownFirst.nextBinaryFrame().bytes()).getString("type"))
        .isEqualTo("welcome");
    unknownFirst.close();

    RawSocket unknown = RawSocket.connect(node.vertx, node.port, "/ws",
        "Sec-WebSocket-Protocol: chat, superchat\r\n");
    assertThat(unknown.handshake.toLowerCase()).doesNotContain("sec-websocket-protocol");
    assertThat(new JsonObject(unknown.nextText()).getString("type")).isEqualTo("welcome");
    unknown.close();

    RawSocket none = RawSocket.connect(node.vertx, node.port, "/ws");
    assertThat(none.handshake.toLowerCase()).doesNotContain("sec-websocket-protocol");
    assertThat(new JsonObject(none.nextText()).getString("type")).isEqualTo("welcome");
    none.close();
  }
}
