package io.tickwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

@DisplayName("MessagePack frames")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MsgPackTest {

  static final JsonObject FRAME = new JsonObject().put("type", "message").put("channel", "tx.a")
      .put("seq", 42).put("epoch", "e1").put("ts", 1_767_225_600_123L)
      .put("data", new JsonObject().put("price", 64210.5).put("qty", -3).put("ok", true)
          .put("none", (Object) null).put("name", "Zürich \"desk\" \u00e9\n")
          .put("big", Long.MAX_VALUE).put("list", new JsonArray().add(1).add("two")
              .add(new JsonArray()).add(new JsonObject())));

  static byte[] packed(ThrowingPack body) throws IOException {
    try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      body.pack(out);
      return out.toByteArray();
    }
  }

  interface ThrowingPack {
    void pack(MessageBufferPacker out) throws IOException;
  }

  static String refusal(byte[] packed) {
    ProtocolException refused = (ProtocolException) org.assertj.core.api.Assertions
        .catchThrowable(() -> MsgPack.toJson(packed));
    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    ProtocolException asObject = (ProtocolException) org.assertj.core.api.Assertions
        .catchThrowable(() -> MsgPack.toJsonObject(packed));
    assertThat(asObject).as("refused when read as an object").isNotNull();
    assertThat(asObject.getMessage()).isEqualTo(refused.getMessage());
    return refused.getMessage();
  }

  @Test
  @DisplayName("packs a frame as a map with the JSON object's keys in order, integers as "
      + "integers and fractions as float 64, and reads it back to the same object")
  void roundTrip() throws IOException {
    byte[] packed = MsgPack.fromJson(FRAME.encode().getBytes(StandardCharsets.UTF_8));

    try (MessageUnpacker in = MessagePack.newDefaultUnpacker(packed)) {
      Value value = in.unpackValue();
      assertThat(value.isMapValue()).isTrue();
      assertThat(value.asMapValue().keySet().stream().map(Value::toString))
          .containsExactly("type", "channel", "seq", "epoch", "ts", "data");
      Value data = value.asMapValue().map().get(org.msgpack.value.ValueFactory
          .newString("data"));
      Value price = data.asMapValue().map().get(org.msgpack.value.ValueFactory
          .newString("price"));
      assertThat(price.isFloatValue()).isTrue();
      assertThat(in.hasNext()).isFalse();
    }
    assertThat(MessagePack.newDefaultUnpacker(packed).getNextFormat())
        .isEqualTo(MessageFormat.FIXMAP);
    assertThat(new JsonObject(MsgPack.toJson(packed))).isEqualTo(FRAME);
    assertThat(MsgPack.fromJson(FRAME.encode())).isEqualTo(packed);
    // Read straight into the object: the same object, number types included, as through text.
    JsonObject direct = MsgPack.toJsonObject(packed);
    assertThat(direct).isEqualTo(FRAME);
    assertThat(direct.encode()).isEqualTo(FRAME.encode());
    assertThat(direct.getValue("seq")).isInstanceOf(Integer.class);
    assertThat(direct.getValue("ts")).isInstanceOf(Long.class);
    assertThat(direct.getJsonObject("data").getValue("price")).isInstanceOf(Double.class);
  }

  @Test
  @DisplayName("puts pairs before a packed map's entries with a header of each width, fix, 16 and 32 bits")
  void prependHead() {
    for (int entries : new int[] {0, 13, 14, 15, 16, 65_533, 65_534, 65_535, 65_536}) {
      JsonObject body = new JsonObject();
      for (int i = 0; i < entries; i++) {
        body.put("k" + i, i);
      }
      byte[] packed = MsgPack.fromJson(body.toBuffer().getBytes());
      int skip = MsgPack.mapHeaderLength(packed);
      assertThat(skip).as("%d entries", entries)
          .isEqualTo(entries <= 15 ? 1 : entries <= 65_535 ? 3 : 5);
      byte[] head = MsgPack.prependHead(packed, "type", "presence", "id", null);
      byte[] whole = new byte[head.length + packed.length - skip];
      System.arraycopy(head, 0, whole, 0, head.length);
      System.arraycopy(packed, skip, whole, head.length, packed.length - skip);
      JsonObject expected = new JsonObject().put("type", "presence").putNull("id");
      expected.mergeIn(body);
      assertThat(MsgPack.toJsonObject(whole)).as("%d entries", entries).isEqualTo(expected);
      assertThat(MsgPack.toJsonObject(whole).fieldNames()).startsWith("type", "id");
    }
    assertThatThrownBy(() -> MsgPack.mapHeaderLength(new byte[] {(byte) 0x91, 1}))
        .as("an array").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MsgPack.mapHeaderLength(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MsgPack.prependHead(MsgPack.fromJson("{}".getBytes(
        StandardCharsets.UTF_8)), "odd")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("reads float 32, unsigned 64-bit integers and any integer width as JSON numbers")
  void numbers() throws IOException {
    byte[] packed = packed(out -> out.packMapHeader(3).packString("f").packFloat(1.5f)
        .packString("u").packBigInteger(new java.math.BigInteger("18446744073709551615"))
        .packString("i").packByte((byte) -7));
    JsonObject frame = new JsonObject(MsgPack.toJson(packed));
    assertThat(frame.getDouble("f")).isEqualTo(1.5);
    assertThat(frame.getNumber("u").toString()).isEqualTo("18446744073709551615");
    assertThat(frame.getInteger("i")).isEqualTo(-7);
    JsonObject direct = MsgPack.toJsonObject(packed);
    assertThat(direct.encode()).isEqualTo(frame.encode());
    assertThat(direct.getValue("u")).isInstanceOf(java.math.BigInteger.class);
    assertThat(direct.getValue("i")).isInstanceOf(Integer.class);
  }

  @Test
  @DisplayName("refuses with bad_request what is not one map of JSON values")
  void refusals() throws IOException {
    assertThat(refusal(new byte[0])).contains("not a MessagePack map");
    assertThat(refusal(new byte[] {(byte) 0xc1})).contains("MessagePack");
    assertThat(refusal(packed(out -> out.packArrayHeader(0)))).contains("map");
    assertThat(refusal(packed(out -> out.packString("ping")))).contains("map");
    // Declares two entries, holds one.
    assertThat(refusal(packed(out -> out.packMapHeader(2).packString("type").packString("ping"))))
        .contains("not valid");
    // A nested map and an array that declare far more entries than the frame holds: refused,
    // not sized by the claim.
    assertThat(refusal(packed(out -> out.packMapHeader(1).packString("data")
        .packMapHeader(1 << 28)))).contains("not valid");
    assertThat(refusal(packed(out -> out.packMapHeader(1).packString("data")
        .packArrayHeader(1 << 28)))).contains("not valid");
    // Declares a string far longer than the frame.
    assertThat(refusal(packed(out -> out.packMapHeader(1).packString("type")
        .packRawStringHeader(1 << 30)))).contains("not valid");
    assertThat(refusal(packed(out -> out.packMapHeader(1).packInt(1).packString("x"))))
        .contains("keys must be strings");
    assertThat(refusal(packed(out -> out.packMapHeader(1).packString("data")
        .packBinaryHeader(1).writePayload(new byte[] {1})))).contains("binary");
    assertThat(refusal(packed(out -> out.packMapHeader(1).packString("data")
        .packExtensionTypeHeader((byte) 1, 1).writePayload(new byte[] {1})))).contains("extension");
    assertThat(refusal(packed(out -> out.packMapHeader(0).packMapHeader(0))))
        .contains("more than one");
  }

  @Test
  @DisplayName("takes nesting up to the JSON limit and refuses one level more, with a flat stack")
  void nesting() throws IOException {
    int limit = MsgPack.MAX_DEPTH;
    byte[] deepest = packed(out -> {
      for (int i = 0; i < limit; i++) {
        out.packMapHeader(1).packString("a");
      }
      out.packNil();
    });
    assertThat(MsgPack.toJson(deepest)).startsWith("{\"a\":{\"a\":");
    assertThat(MsgPack.toJsonObject(deepest).encode()).isEqualTo(MsgPack.toJson(deepest));
    byte[] over = packed(out -> {
      out.packMapHeader(1).packString("a");
      for (int i = 0; i < limit; i++) {
        out.packArrayHeader(1);
      }
      out.packNil();
    });
    assertThat(refusal(over)).contains("deeper than " + limit);
  }

  @Test
  @DisplayName("packs a channel message's frame once, however many threads ask at the same time")
  void packedOnce() throws Exception {
    ChannelMessage message = ChannelMessage.of("tx.a", 1, "e1", 5L, new JsonObject().put("p", 1));
    AtomicInteger encodings = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      var answers = new java.util.ArrayList<java.util.concurrent.Future<byte[]>>();
      for (int i = 0; i < 8; i++) {
        answers.add(pool.submit(() -> {
          start.await();
          return message.packedFrame(packing -> {
            encodings.incrementAndGet();
            return MsgPack.fromJson(packing.frame());
          });
        }));
      }
      start.countDown();
      byte[] first = answers.get(0).get(5, TimeUnit.SECONDS);
      for (var answer : answers) {
        assertThat(answer.get(5, TimeUnit.SECONDS)).isSameAs(first);
      }
      assertThat(encodings).hasValue(1);
      assertThat(new JsonObject(MsgPack.toJson(first))).isEqualTo(new JsonObject(
          message.frameText()));
    } finally {
      pool.shutdownNow();
    }
    assertThatThrownBy(() -> MsgPack.toJson(new byte[] {(byte) 0x91, 0x01}))
        .isInstanceOf(ProtocolException.class);
  }
}
