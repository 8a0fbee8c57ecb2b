package io.tickwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Client frame parsing")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClientFramesTest {

  @Nested
  @DisplayName("accepts")
  class Accepts {

    @Test
    @DisplayName("auth with a token, with or without an id")
    void auth() {
      ClientFrame frame = ClientFrames.parse("{\"type\":\"auth\",\"token\":\"abc.def.ghi\"}");
      assertThat(frame).isEqualTo(new ClientFrame.Auth(null, "abc.def.ghi"));
      assertThat(frame.type()).isEqualTo("auth");
      assertThat(ClientFrames.parse("{\"type\":\"auth\",\"id\":\"a1\",\"token\":\"t\"}"))
          .isEqualTo(new ClientFrame.Auth("a1", "t"));
    }

    @Test
    @DisplayName("subscribe with channels in order, duplicates removed, and positions to recover from")
    void subscribe() {
      ClientFrame frame = ClientFrames.parse(new JsonObject().put("type", "subscribe")
          .put("id", "s1")
          .put("channels", new JsonArray().add("tx.a").add("blocks").add("tx.a"))
          .put("since", new JsonObject()
              .put("tx.a", new JsonObject().put("seq", 7).put("epoch", "e1"))
              .put("blocks", new JsonObject().put("seq", 0L).put("epoch", "e2"))));
      assertThat(frame).isInstanceOf(ClientFrame.Subscribe.class);
      ClientFrame.Subscribe subscribe = (ClientFrame.Subscribe) frame;
      assertThat(subscribe.id()).isEqualTo("s1");
      assertThat(subscribe.type()).isEqualTo("subscribe");
      assertThat(subscribe.channels()).containsExactly("tx.a", "blocks");
      assertThat(subscribe.since()).containsExactlyInAnyOrderEntriesOf(Map.of(
          "tx.a", new ClientFrame.Position(7, "e1"),
          "blocks", new ClientFrame.Position(0, "e2")));
    }

    @Test
    @DisplayName("presence with its id and channel, refused without either")
    void presence() {
      ClientFrame frame = ClientFrames.parse(
          "{\"type\":\"presence\",\"id\":\"p1\",\"channel\":\"desk.alpha\"}");
      assertThat(frame).isEqualTo(new ClientFrame.Presence("p1", "desk.alpha"));
      assertThat(frame.toJson()).isEqualTo(new JsonObject().put("type", "presence")
          .put("id", "p1").put("channel", "desk.alpha"));
      assertThatThrownBy(() -> ClientFrames.parse("{\"type\":\"presence\",\"id\":\"p2\"}"))
          .isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.id()).isEqualTo("p2");
            assertThat(e.getMessage()).contains("'channel'");
          });
      assertThatThrownBy(() -> ClientFrames.parse(
          "{\"type\":\"presence\",\"channel\":\"desk.alpha\"}"))
          .isInstanceOf(ProtocolException.class).hasMessageContaining("'id'");
    }

    @Test
    @DisplayName("subscribe without since as no positions")
    void subscribeWithoutSince() {
      ClientFrame.Subscribe subscribe = (ClientFrame.Subscribe) ClientFrames.parse(
          "{\"type\":\"subscribe\",\"id\":\"s2\",\"channels\":[\"prices.BTC-USD\"]}");
      assertThat(subscribe.channels()).containsExactly("prices.BTC-USD");
      assertThat(subscribe.since()).isEmpty();
    }

    @Test
    @DisplayName("a whole seq written as a float, such as 3.0")
    void wholeFloatSeq() {
      ClientFrame.Subscribe subscribe = (ClientFrame.Subscribe) ClientFrames.parse(
          "{\"type\":\"subscribe\",\"id\":\"s3\",\"channels\":[\"tx.a\"],"
              + "\"since\":{\"tx.a\":{\"seq\":3.0,\"epoch\":\"e\"}}}");
      assertThat(subscribe.since().get("tx.a")).isEqualTo(new ClientFrame.Position(3, "e"));
    }

    @Test
    @DisplayName("unsubscribe with channels")
    void unsubscribe() {
      ClientFrame frame = ClientFrames.parse(
          "{\"type\":\"unsubscribe\",\"id\":\"u1\",\"channels\":[\"tx.a\",\"tx.b\"]}");
      assertThat(frame).isEqualTo(new ClientFrame.Unsubscribe("u1", List.of("tx.a", "tx.b")));
      assertThat(frame.type()).isEqualTo("unsubscribe");
    }

    @Test
    @DisplayName("request with method and data")
    void request() {
      ClientFrame frame = ClientFrames.parse("{\"type\":\"request\",\"id\":\"r1\","
          + "\"method\":\"alerts.create\",\"data\":{\"above\":100}}");
      assertThat(frame).isEqualTo(new ClientFrame.Request("r1", "alerts.create",
          new JsonObject().put("above", 100)));
      assertThat(frame.type()).isEqualTo("request");
    }

    @Test
    @DisplayName("request without data as empty data, and methods with several parts")
    void requestWithoutData() {
      ClientFrame.Request request = (ClientFrame.Request) ClientFrames.parse(
          "{\"type\":\"request\",\"id\":\"r2\",\"method\":\"wallet.tx.sendRaw\"}");
      assertThat(request.method()).isEqualTo("wallet.tx.sendRaw");
      assertThat(request.data()).isEqualTo(new JsonObject());
    }

    @Test
    @DisplayName("ping with and without ts")
    void ping() {
      assertThat(ClientFrames.parse("{\"type\":\"ping\",\"id\":\"p1\",\"ts\":1700000000123}"))
          .isEqualTo(new ClientFrame.Ping("p1", 1_700_000_000_123L));
      assertThat(ClientFrames.parse("{\"type\":\"ping\",\"id\":\"p2\",\"ts\":42.0}"))
          .isEqualTo(new ClientFrame.Ping("p2", 42L));
      ClientFrame bare = ClientFrames.parse("{\"type\":\"ping\",\"id\":\"p3\"}");
      assertThat(bare).isEqualTo(new ClientFrame.Ping("p3", null));
      assertThat(bare.type()).isEqualTo("ping");
    }

    @Test
    @DisplayName("publish needs an id, a channel and data of any JSON type but null")
    void publish() {
      assertThat(ClientFrames.parse("{\"type\":\"publish\",\"id\":\"b1\",\"channel\":\"desk.a\","
          + "\"data\":[1,2],\"idempotencyKey\":\"k\"}")).isEqualTo(new ClientFrame.Publish("b1",
              "desk.a", new JsonArray().add(1).add(2), "k"));
      assertRefused(new JsonObject().put("type", "publish").put("channel", "desk.a")
          .put("data", 1), "field 'id' is required for 'publish'", null);
      assertRefused(new JsonObject().put("type", "publish").put("id", "b2").put("data", 1),
          "field 'channel' is required and must be a non-empty string", "b2");
      assertRefused(new JsonObject().put("type", "publish").put("id", "b3")
          .put("channel", "desk.a"), "field 'data' is required", "b3");
      assertRefused(new JsonObject().put("type", "publish").put("id", "b4")
          .put("channel", "desk.a").putNull("data"), "field 'data' is required", "b4");
    }

    @Test
    @DisplayName("an id of exactly 64 characters, and ignores unknown fields")
    void longestIdAndUnknownFields() {
      String id = "i".repeat(64);
      assertThat(ClientFrames.parse(new JsonObject().put("type", "ping").put("id", id)
          .put("future", true))).isEqualTo(new ClientFrame.Ping(id, null));
    }
  }

  @Nested
  @DisplayName("refuses with bad_request")
  class Refuses {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"{not json", "", "[1,2]", "42", "\"text\"", "{\"type\":\"ping\""})
    @DisplayName("text that is not a JSON object")
    void notAnObject(String text) {
      assertRefused(() -> ClientFrames.parse(text), "frame is not a JSON object", null);
    }

    @Test
    @DisplayName("a frame without a type, answering its id")
    void missingType() {
      assertRefused(new JsonObject().put("id", "x1"),
          "field 'type' is required and must be a string", "x1");
    }

    @Test
    @DisplayName("a type that is not a string")
    void typeNotString() {
      assertRefused(new JsonObject().put("type", 3).put("id", "x2"),
          "field 'type' is required and must be a string", "x2");
    }

    @Test
    @DisplayName("an unknown type, naming it")
    void unknownType() {
      assertRefused(new JsonObject().put("type", "dance").put("id", "x3"),
          "unknown frame type 'dance'", "x3");
    }

    @Test
    @DisplayName("an unknown type shortened to 40 characters in the message")
    void unknownLongType() {
      assertRefused(new JsonObject().put("type", "t".repeat(50)).put("id", "x4"),
          "unknown frame type '" + "t".repeat(40) + "…'", "x4");
    }

    @Test
    @DisplayName("an id over 64 characters, without echoing it")
    void idTooLong() {
      assertRefused(new JsonObject().put("type", "ping").put("id", "i".repeat(65)),
          "field 'id' must be a string of 1 to 64 characters", null);
    }

    @Test
    @DisplayName("an id that is not a string or is empty")
    void idNotString() {
      assertRefused(new JsonObject().put("type", "ping").put("id", 12),
          "field 'id' must be a string of 1 to 64 characters", null);
      assertRefused(new JsonObject().put("type", "ping").put("id", ""),
          "field 'id' must be a string of 1 to 64 characters", null);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"subscribe", "unsubscribe", "request", "ping"})
    @DisplayName("a frame that expects an answer but has no id")
    void missingId(String type) {
      JsonObject frame = new JsonObject().put("type", type)
          .put("channels", new JsonArray().add("tx.a")).put("method", "a.b");
      assertRefused(frame, "field 'id' is required for '" + type + "'", null);
    }

    @Test
    @DisplayName("auth without a token or with an empty one")
    void authWithoutToken() {
      assertRefused(new JsonObject().put("type", "auth").put("id", "a1"),
          "field 'token' is required and must be a non-empty string", "a1");
      assertRefused(new JsonObject().put("type", "auth").put("token", ""),
          "field 'token' is required and must be a non-empty string", null);
      assertRefused(new JsonObject().put("type", "auth").put("token", 5),
          "field 'token' is required and must be a non-empty string", null);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"subscribe", "unsubscribe"})
    @DisplayName("channels missing, empty or not an array")
    void channelsMissing(String type) {
      String message = "field 'channels' is required and must be a non-empty array of strings";
      assertRefused(new JsonObject().put("type", type).put("id", "c1"), message, "c1");
      assertRefused(new JsonObject().put("type", type).put("id", "c2")
          .put("channels", new JsonArray()), message, "c2");
      assertRefused(new JsonObject().put("type", type).put("id", "c3")
          .put("channels", "tx.a"), message, "c3");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"subscribe", "unsubscribe"})
    @DisplayName("channels holding something other than strings")
    void channelsNotStrings(String type) {
      assertRefused(new JsonObject().put("type", type).put("id", "c4")
              .put("channels", new JsonArray().add("tx.a").add(7)),
          "field 'channels' must hold only strings", "c4");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"subscribe", "unsubscribe"})
    @DisplayName("more channel names than a frame may carry, duplicates counted")
    void tooManyChannels(String type) {
      JsonArray names = new JsonArray();
      for (int i = 0; i < 300; i++) {
        names.add("tx.n" + (i % 10));
      }
      JsonObject frame = new JsonObject().put("type", type).put("id", "c5").put("channels", names);
      String message = "field 'channels' holds 300 names, more than the 256 one frame may carry";
      assertRefused(() -> ClientFrames.parse(frame, 256), message, "c5");
      assertRefused(() -> ClientFrames.parse(frame.encode(), 256), message, "c5");
      ClientFrame atLimit = ClientFrames.parse(frame.encode(), 300);
      List<String> channels = atLimit instanceof ClientFrame.Subscribe subscribe
          ? subscribe.channels() : ((ClientFrame.Unsubscribe) atLimit).channels();
      assertThat(channels).hasSize(10).startsWith("tx.n0", "tx.n1");
    }

    @Test
    @DisplayName("since that is not an object")
    void sinceNotObject() {
      assertRefused(subscribe("s1").put("since", new JsonArray()),
          "field 'since' must be an object of channel to {seq, epoch}", "s1");
    }

    @Test
    @DisplayName("a since entry that is not an object")
    void sinceEntryNotObject() {
      assertRefused(subscribe("s2").put("since", new JsonObject().put("tx.a", 5)),
          "since.tx.a must be an object {seq, epoch}", "s2");
    }

    @Test
    @DisplayName("a negative seq")
    void negativeSeq() {
      assertRefused(since("s3", new JsonObject().put("seq", -1).put("epoch", "e")),
          "since.tx.a.seq must be a whole number >= 0", "s3");
    }

    @Test
    @DisplayName("a fractional seq")
    void fractionalSeq() {
      assertRefused(since("s4", new JsonObject().put("seq", 1.5).put("epoch", "e")),
          "since.tx.a.seq must be a whole number >= 0", "s4");
    }

    @Test
    @DisplayName("a missing or textual seq")
    void missingSeq() {
      assertRefused(since("s5", new JsonObject().put("epoch", "e")),
          "since.tx.a.seq must be a whole number >= 0", "s5");
      assertRefused(since("s6", new JsonObject().put("seq", "3").put("epoch", "e")),
          "since.tx.a.seq must be a whole number >= 0", "s6");
    }

    @Test
    @DisplayName("a missing or empty epoch")
    void missingEpoch() {
      assertRefused(since("s7", new JsonObject().put("seq", 3)),
          "since.tx.a.epoch must be a non-empty string", "s7");
      assertRefused(since("s8", new JsonObject().put("seq", 3).put("epoch", "")),
          "since.tx.a.epoch must be a non-empty string", "s8");
    }

    @Test
    @DisplayName("a request without a method or with a method that is not a string")
    void requestWithoutMethod() {
      assertRefused(new JsonObject().put("type", "request").put("id", "r1"),
          "field 'method' is required and must be a string", "r1");
      assertRefused(new JsonObject().put("type", "request").put("id", "r2").put("method", 1),
          "field 'method' is required and must be a string", "r2");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"Nope", "alerts", "alerts.", ".create", "Alerts.create",
        "alerts.1create", "alerts create"})
    @DisplayName("a request whose method is not area.name")
    void badMethod(String method) {
      assertRefused(new JsonObject().put("type", "request").put("id", "r3").put("method", method),
          "field 'method' must look like 'area.name' (at most 64 characters), got '" + method
              + "'", "r3");
      assertThat(ClientFrames.isMethodName(method)).isFalse();
    }

    @Test
    @DisplayName("a request whose method is over 64 characters")
    void methodTooLong() {
      String method = "a." + "b".repeat(63);
      assertThat(ClientFrames.isMethodName(method)).isFalse();
      assertThat(ClientFrames.isMethodName("a." + "b".repeat(62))).isTrue();
      ProtocolException refused = catchThrowableOfType(ProtocolException.class,
          () -> ClientFrames.parse(new JsonObject().put("type", "request").put("id", "r4")
              .put("method", method)));
      assertThat(refused.code()).isEqualTo(ErrorCode.BAD_REQUEST);
      assertThat(refused.id()).isEqualTo("r4");
      assertThat(refused.getMessage()).startsWith("field 'method' must look like 'area.name'");
    }

    @Test
    @DisplayName("request data that is not an object")
    void dataNotObject() {
      assertRefused(new JsonObject().put("type", "request").put("id", "r5")
              .put("method", "alerts.create").put("data", new JsonArray().add(1)),
          "field 'data' must be an object", "r5");
      assertRefused(new JsonObject().put("type", "request").put("id", "r6")
              .put("method", "alerts.create").put("data", "x"),
          "field 'data' must be an object", "r6");
    }

    @Test
    @DisplayName("a ping ts that is not a whole number")
    void pingTsNotWhole() {
      assertRefused(new JsonObject().put("type", "ping").put("id", "p1").put("ts", 1.5),
          "field 'ts' must be a whole number", "p1");
      assertRefused(new JsonObject().put("type", "ping").put("id", "p2").put("ts", "now"),
          "field 'ts' must be a whole number", "p2");
    }

    private JsonObject subscribe(String id) {
      return new JsonObject().put("type", "subscribe").put("id", id)
          .put("channels", new JsonArray().add("tx.a"));
    }

    private JsonObject since(String id, JsonObject position) {
      return subscribe(id).put("since", new JsonObject().put("tx.a", position));
    }
  }

  @Nested
  @DisplayName("round trips through toJson")
  class RoundTrip {

    @Test
    @DisplayName("every frame type parses back to an equal frame, as object and as text")
    void everyFrame() {
      List<ClientFrame> frames = List.of(
          new ClientFrame.Auth(null, "a.b.c"),
          new ClientFrame.Auth("a1", "a.b.c"),
          new ClientFrame.Subscribe("s1", List.of("tx.a", "blocks"), Map.of()),
          new ClientFrame.Subscribe("s2", List.of("tx.a"),
              Map.of("tx.a", new ClientFrame.Position(12, "ep"))),
          new ClientFrame.Unsubscribe("u1", List.of("tx.a")),
          new ClientFrame.Request("r1", "alerts.create", new JsonObject().put("above", 1.5)
              .put("tags", new JsonArray().add("x"))),
          new ClientFrame.Ping("p1", 99L),
          new ClientFrame.Ping("p2", null),
          new ClientFrame.Publish("b1", "desk.a", new JsonObject().put("text", "hi"), null),
          new ClientFrame.Publish("b2", "desk.a", "plain text", "key-1"));
      for (ClientFrame frame : frames) {
        JsonObject json = frame.toJson();
        assertThat(json.getString("type")).isEqualTo(frame.type());
        assertThat(ClientFrames.parse(json)).as("%s", json).isEqualTo(frame);
        assertThat(ClientFrames.parse(json.encode())).as("%s", json).isEqualTo(frame);
      }
    }

    @Test
    @DisplayName("leaves out absent optional fields")
    void optionalFields() {
      assertThat(new ClientFrame.Auth(null, "t").toJson().fieldNames())
          .containsExactlyInAnyOrder("type", "token");
      assertThat(new ClientFrame.Ping("p", null).toJson().fieldNames())
          .containsExactlyInAnyOrder("type", "id");
      assertThat(new ClientFrame.Subscribe("s", List.of("tx.a"), Map.of()).toJson().fieldNames())
          .containsExactlyInAnyOrder("type", "id", "channels");
      assertThat(new ClientFrame.Subscribe("s", List.of("tx.a"),
          Map.of("tx.a", new ClientFrame.Position(1, "e"))).toJson().getJsonObject("since")
          .getJsonObject("tx.a")).isEqualTo(new JsonObject().put("seq", 1L).put("epoch", "e"));
    }
  }

  private static void assertRefused(JsonObject frame, String message, String id) {
    assertRefused(() -> ClientFrames.parse(frame), message, id);
    assertRefused(() -> ClientFrames.parse(frame.encode()), message, id);
  }

  private static void assertRefused(Runnable parse, String message, String id) {
    ProtocolException refused = catchThrowableOfType(ProtocolException.class, parse::run);
    assertThat(refused).as("a refusal: %s", message).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refused.getMessage()).isEqualTo(message);
    assertThat(refused.id()).isEqualTo(id);
    assertThat(refused.channel()).isNull();
  }
}
