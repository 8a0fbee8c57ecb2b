package io.tickwire.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The MessagePack encoding of the protocol (WebSocket subprotocol {@value #SUBPROTOCOL}): every
 * frame is one MessagePack map with the keys and values of the JSON object, in the same order.
 * JSON numbers become integers (smallest form) or float 64, strings stay strings, and nothing
 * else appears; a client's frame may use float 32 and any integer form, but no binary or
 * extension value and only string keys, since it is read as the JSON it stands for.
 *
 * <p>Both directions go through msgpack-core: {@link #fromJson} packs a frame's JSON object,
 * {@link #toJson} unpacks a client's frame token by token into JSON text (no tree, constant stack
 * whatever the nesting), which then takes the same path as a text frame, and
 * {@link #toJsonObject} unpacks a frame straight into its JSON object, for a reader that wants the
 * object and not the text. Any thread; no state.
 */
public final class MsgPack {

  /** The WebSocket subprotocol of MessagePack frames. */
  public static final String SUBPROTOCOL = "tickwire.v1.msgpack";
  /** The WebSocket subprotocol of JSON text frames, the same as offering none. */
  public static final String JSON_SUBPROTOCOL = "tickwire.v1.json";
  /**
   * How deep a client's frame may nest maps and arrays: what the JSON path allows (jackson-core's
   * default read constraint).
   */
  public static final int MAX_DEPTH = StreamReadConstraints.defaults().getMaxNestingDepth();

  private static final JsonFactory JSON = new JsonFactory();
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

  private MsgPack() {
  }

  /** The MessagePack form of a server frame given as UTF-8 JSON text. */
  public static byte[] fromJson(byte[] utf8) {
    return fromJson(new JsonObject(Buffer.buffer(utf8)));
  }

  /** The MessagePack form of a server frame given as JSON text. */
  public static byte[] fromJson(String text) {
    return fromJson(new JsonObject(text));
  }

  /** The MessagePack form of {@code frame}. */
  public static byte[] fromJson(JsonObject frame) {
    try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      pack(out, frame);
      return out.toByteArray();
    } catch (IOException e) {
      // A buffer packer writes to memory only.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The head of a packed map with {@code pairs} (keys and string values, a null value as nil)
   * put before the entries of {@code packedMap}: the header of the larger map, then the pairs.
   * Followed by the bytes of {@code packedMap} after its own header ({@link #mapHeaderLength}),
   * copied as they are and not packed again, it is the whole map: a frame made of a body packed
   * once and what differs per connection (an answer's {@code id}).
   */
  public static byte[] prependHead(byte[] packedMap, String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("pairs of keys and values, not " + pairs.length
          + " items");
    }
    try (MessageUnpacker in = MessagePack.newDefaultUnpacker(packedMap);
        MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      out.packMapHeader(in.unpackMapHeader() + pairs.length / 2);
      for (String item : pairs) {
        if (item == null) {
          out.packNil();
        } else {
          out.packString(item);
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      // Memory only: the map was packed by this class.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The length of the map header {@code packedMap} starts with: 1, 3 or 5 bytes.
   *
   * @throws IllegalArgumentException when {@code packedMap} does not start with a whole map
   *     header
   */
  public static int mapHeaderLength(byte[] packedMap) {
    try (MessageUnpacker in = MessagePack.newDefaultUnpacker(packedMap)) {
      in.unpackMapHeader();
      return (int) in.getTotalReadBytes();
    } catch (IOException | MessagePackException e) {
      throw new IllegalArgumentException("not a packed map", e);
    }
  }

  private static void pack(MessagePacker out, Object value) throws IOException {
    if (value == null) {
      out.packNil();
    } else if (value instanceof String text) {
      out.packString(text);
    } else if (value instanceof Boolean flag) {
      out.packBoolean(flag);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      out.packLong(((Number) value).longValue());
    } else if (value instanceof BigInteger big) {
      if (big.compareTo(INT64_MIN) >= 0 && big.compareTo(UINT64_MAX) <= 0) {
        out.packBigInteger(big);
      } else {
        // Past 64 bits MessagePack has no integer: the nearest double, as a JSON reader would.
        out.packDouble(big.doubleValue());
      }
    } else if (value instanceof Number number) {
      out.packDouble(number instanceof BigDecimal decimal ? decimal.doubleValue()
          : number.doubleValue());
    } else if (value instanceof JsonObject object) {
      packMap(out, object.getMap());
    } else if (value instanceof Map<?, ?> map) {
      packMap(out, map);
    } else if (value instanceof JsonArray array) {
      packList(out, array.getList());
    } else if (value instanceof List<?> list) {
      packList(out, list);
    } else {
      // JSON text decodes to nothing else; anything else is a programming error.
      throw new IllegalArgumentException("no MessagePack form for " + value.getClass());
    }
  }

  private static void packMap(MessagePacker out, Map<?, ?> map) throws IOException {
    out.packMapHeader(map.size());
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      out.packString(String.valueOf(entry.getKey()));
      pack(out, entry.getValue());
    }
  }

  private static void packList(MessagePacker out, List<?> list) throws IOException {
    out.packArrayHeader(list.size());
    for (Object item : list) {
      pack(out, item);
    }
  }

  /**
   * The JSON text a client's MessagePack frame stands for.
   *
   * @throws ProtocolException {@code bad_request} when the bytes are not one MessagePack map, use
   *     a binary or extension value or a key that is not a string, or nest deeper than
   *     {@link #MAX_DEPTH}
   */
  public static String toJson(byte[] packed) {
    // A declared length is never trusted further than the bytes there are.
    MessagePack.UnpackerConfig config = new MessagePack.UnpackerConfig()
        .withStringSizeLimit(packed.length);
    StringWriter text = new StringWriter(Math.max(16, packed.length * 2));
    try (MessageUnpacker in = config.newUnpacker(packed);
        JsonGenerator out = JSON.createGenerator(text)) {
      if (!in.hasNext() || in.getNextFormat().getValueType() != ValueType.MAP) {
        throw bad("frame is not a MessagePack map");
      }
      transcode(in, out);
      if (in.hasNext()) {
        throw bad("frame holds more than one MessagePack value");
      }
    } catch (IOException | MessagePackException | IllegalStateException e) {
      throw bad("frame is not valid MessagePack");
    }
    return text.toString();
  }

  /**
   * The JSON object a client's (or server's) MessagePack frame stands for, read straight into
   * the object, without JSON text in between: the same object {@code new JsonObject(toJson(…))}
   * makes (integers as {@code Integer} when they fit, else {@code Long}, else
   * {@code BigInteger}; floats as {@code Double}). Iterative, constant stack whatever the nesting.
   *
   * @throws ProtocolException {@code bad_request} as {@link #toJson} does
   */
  public static JsonObject toJsonObject(byte[] packed) {
    MessagePack.UnpackerConfig config = new MessagePack.UnpackerConfig()
        .withStringSizeLimit(packed.length);
    try (MessageUnpacker in = config.newUnpacker(packed)) {
      if (!in.hasNext() || in.getNextFormat().getValueType() != ValueType.MAP) {
        throw bad("frame is not a MessagePack map");
      }
      JsonObject frame = (JsonObject) read(in);
      if (in.hasNext()) {
        throw bad("frame holds more than one MessagePack value");
      }
      return frame;
    } catch (IOException | MessagePackException | IllegalStateException e) {
      throw bad("frame is not valid MessagePack");
    }
  }

  /** Reads one value, iteratively: {@code left[d]} counts the items still due at depth d. */
  private static Object read(MessageUnpacker in) throws IOException {
    long[] left = new long[MAX_DEPTH + 1];
    Object[] open = new Object[MAX_DEPTH + 1];
    String[] key = new String[MAX_DEPTH + 1];
    int depth = 0;
    Object root = null;
    do {
      if (depth > 0) {
        left[depth]--;
      }
      MessageFormat format = in.getNextFormat();
      ValueType type = format.getValueType();
      if (depth > 0 && open[depth] instanceof JsonObject && (left[depth] & 1) == 1) {
        if (type != ValueType.STRING) {
          throw bad("MessagePack map keys must be strings");
        }
        key[depth] = in.unpackString();
        continue;
      }
      Object value;
      boolean container = false;
      switch (type) {
        case NIL -> {
          in.unpackNil();
          value = null;
        }
        case BOOLEAN -> value = in.unpackBoolean();
        case INTEGER -> value = integer(in, format);
        case FLOAT -> value = in.unpackDouble();
        case STRING -> value = in.unpackString();
        case ARRAY, MAP -> {
          if (depth == MAX_DEPTH) {
            throw bad("frame nests deeper than " + MAX_DEPTH + " levels");
          }
          container = true;
          if (type == ValueType.MAP) {
            int entries = in.unpackMapHeader();
            // Sized by the declared count only up to a bound: the bytes may not be there.
            value = new JsonObject(
                new LinkedHashMap<>(Math.max(4, Math.min(entries, 1 << 16) * 2)));
            left[depth + 1] = 2L * entries;
          } else {
            int items = in.unpackArrayHeader();
            value = new JsonArray(new ArrayList<>(Math.min(items, 1 << 16)));
            left[depth + 1] = items;
          }
        }
        default -> throw bad("MessagePack " + type.name().toLowerCase()
            + " values have no JSON form");
      }
      if (depth == 0) {
        root = value;
      } else if (open[depth] instanceof JsonObject object) {
        object.put(key[depth], value);
      } else {
        ((JsonArray) open[depth]).add(value);
      }
      if (container) {
        depth++;
        open[depth] = value;
      }
      while (depth > 0 && left[depth] == 0) {
        open[depth] = null;
        depth--;
      }
    } while (depth > 0);
    return root;
  }

  /** An integer as the JSON reader gives it: Integer when it fits, else Long, else BigInteger. */
  private static Object integer(MessageUnpacker in, MessageFormat format) throws IOException {
    if (format == MessageFormat.UINT64) {
      BigInteger big = in.unpackBigInteger();
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }
    long value = in.unpackLong();
    return value == (int) value ? (Object) (int) value : (Object) value;
  }

  /** Copies one value, iteratively: {@code left[d]} counts the items still due at depth d. */
  private static void transcode(MessageUnpacker in, JsonGenerator out) throws IOException {
    long[] left = new long[MAX_DEPTH + 1];
    boolean[] map = new boolean[MAX_DEPTH + 1];
    int depth = 0;
    do {
      if (depth > 0) {
        left[depth]--;
      }
      MessageFormat format = in.getNextFormat();
      ValueType type = format.getValueType();
      // A map of n entries holds 2n items, keys at odd counts left after taking one.
      if (depth > 0 && map[depth] && (left[depth] & 1) == 1) {
        if (type != ValueType.STRING) {
          throw bad("MessagePack map keys must be strings");
        }
        out.writeFieldName(in.unpackString());
        continue;
      }
      switch (type) {
        case NIL -> {
          in.unpackNil();
          out.writeNull();
        }
        case BOOLEAN -> out.writeBoolean(in.unpackBoolean());
        case INTEGER -> {
          if (format == MessageFormat.UINT64) {
            out.writeNumber(in.unpackBigInteger());
          } else {
            out.writeNumber(in.unpackLong());
          }
        }
        case FLOAT -> out.writeNumber(in.unpackDouble());
        case STRING -> out.writeString(in.unpackString());
        case ARRAY, MAP -> {
          if (depth == MAX_DEPTH) {
            throw bad("frame nests deeper than " + MAX_DEPTH + " levels");
          }
          depth++;
          map[depth] = type == ValueType.MAP;
          if (map[depth]) {
            left[depth] = 2L * in.unpackMapHeader();
            out.writeStartObject();
          } else {
            left[depth] = in.unpackArrayHeader();
            out.writeStartArray();
          }
        }
        default -> throw bad("MessagePack " + type.name().toLowerCase()
            + " values have no JSON form");
      }
      while (depth > 0 && left[depth] == 0) {
        if (map[depth]) {
          out.writeEndObject();
        } else {
          out.writeEndArray();
        }
        depth--;
      }
    } while (depth > 0);
  }

  private static ProtocolException bad(String message) {
    return new ProtocolException(ErrorCode.BAD_REQUEST, message);
  }
}
