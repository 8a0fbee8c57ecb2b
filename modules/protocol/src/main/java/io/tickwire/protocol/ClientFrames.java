package io.tickwire.protocol;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates client frames. Every refusal is a {@link ProtocolException} with
 * {@link ErrorCode#BAD_REQUEST}, a message that names the field, and the frame's id when it had a
 * usable one. Unknown fields are ignored, so clients may be newer than the server.
 */
public final class ClientFrames {

  /** The longest id a client may choose. */
  public static final int MAX_ID_LENGTH = 64;
  /** The longest method name. */
  public static final int MAX_METHOD_LENGTH = 64;

  private static final Pattern METHOD = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-zA-Z][a-zA-Z0-9_]*)+");

  private ClientFrames() {
  }

  /** Whether {@code method} is a valid method name such as {@code alerts.create}. */
  public static boolean isMethodName(String method) {
    return method != null && method.length() <= MAX_METHOD_LENGTH
        && METHOD.matcher(method).matches();
  }

  /**
   * Parses one text frame.
   *
   * @throws ProtocolException when the text is not a valid client frame
   */
  public static ClientFrame parse(String text) {
    return parse(text, Integer.MAX_VALUE);
  }

  /**
   * Parses one text frame whose {@code channels} may hold at most {@code maxChannels} names.
   *
   * @throws ProtocolException when the text is not a valid client frame
   */
  public static ClientFrame parse(String text, int maxChannels) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw bad("frame is not a JSON object", null);
    }
    return parse(json, maxChannels);
  }

  /**
   * Validates one frame already decoded from JSON.
   *
   * @throws ProtocolException when the object is not a valid client frame
   */
  public static ClientFrame parse(JsonObject json) {
    return parse(json, Integer.MAX_VALUE);
  }

  /**
   * Validates one frame already decoded from JSON, whose {@code channels} may hold at most
   * {@code maxChannels} names (counted before duplicates are dropped).
   *
   * @throws ProtocolException when the object is not a valid client frame
   */
  public static ClientFrame parse(JsonObject json, int maxChannels) {
    String id = readId(json);
    Object type = json.getValue("type");
    if (!(type instanceof String)) {
      throw bad("field 'type' is required and must be a string", id);
    }
    return switch ((String) type) {
      case FrameType.AUTH -> new ClientFrame.Auth(id, requiredString(json, "token", id));
      case FrameType.SUBSCRIBE -> new ClientFrame.Subscribe(requireId(id, type),
          channels(json, id, maxChannels), since(json, id));
      case FrameType.UNSUBSCRIBE -> new ClientFrame.Unsubscribe(requireId(id, type),
          channels(json, id, maxChannels));
      case FrameType.REQUEST -> request(json, requireId(id, type));
      case FrameType.PING -> new ClientFrame.Ping(requireId(id, type), ts(json, id));
      case FrameType.PUBLISH -> publish(json, requireId(id, type));
      case FrameType.PRESENCE -> new ClientFrame.Presence(requireId(id, type),
          requiredString(json, "channel", id));
      default -> throw bad("unknown frame type '" + shorten((String) type) + "'", id);
    };
  }

  private static String readId(JsonObject json) {
    Object id = json.getValue("id");
    if (id == null) {
      return null;
    }
    if (!(id instanceof String) || ((String) id).isEmpty()
        || ((String) id).length() > MAX_ID_LENGTH) {
      throw bad("field 'id' must be a string of 1 to " + MAX_ID_LENGTH + " characters", null);
    }
    return (String) id;
  }

  private static String requireId(String id, Object type) {
    if (id == null) {
      throw bad("field 'id' is required for '" + type + "'", null);
    }
    return id;
  }

  private static String requiredString(JsonObject json, String field, String id) {
    Object value = json.getValue(field);
    if (!(value instanceof String) || ((String) value).isEmpty()) {
      throw bad("field '" + field + "' is required and must be a non-empty string", id);
    }
    return (String) value;
  }

  /** The names of {@code channels}, in order, each once. */
  private static List<String> channels(JsonObject json, String id, int maxChannels) {
    Object value = json.getValue("channels");
    if (!(value instanceof JsonArray) || ((JsonArray) value).isEmpty()) {
      throw bad("field 'channels' is required and must be a non-empty array of strings", id);
    }
    JsonArray array = (JsonArray) value;
    if (array.size() > maxChannels) {
      throw bad("field 'channels' holds " + array.size() + " names, more than the "
          + maxChannels + " one frame may carry", id);
    }
    Set<String> channels = new LinkedHashSet<>(Math.max(16, array.size() * 2));
    for (Object channel : array) {
      if (!(channel instanceof String)) {
        throw bad("field 'channels' must hold only strings", id);
      }
      channels.add((String) channel);
    }
    return new ArrayList<>(channels);
  }

  private static Map<String, ClientFrame.Position> since(JsonObject json, String id) {
    Object value = json.getValue("since");
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject)) {
      throw bad("field 'since' must be an object of channel to {seq, epoch}", id);
    }
    Map<String, ClientFrame.Position> since = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : (JsonObject) value) {
      if (!(entry.getValue() instanceof JsonObject position)) {
        throw bad("since." + shorten(entry.getKey()) + " must be an object {seq, epoch}", id);
      }
      Object seq = position.getValue("seq");
      Object epoch = position.getValue("epoch");
      if (!(seq instanceof Number) || !isWhole((Number) seq) || ((Number) seq).longValue() < 0) {
        throw bad("since." + shorten(entry.getKey()) + ".seq must be a whole number >= 0", id);
      }
      if (!(epoch instanceof String) || ((String) epoch).isEmpty()) {
        throw bad("since." + shorten(entry.getKey()) + ".epoch must be a non-empty string", id);
      }
      since.put(entry.getKey(),
          new ClientFrame.Position(((Number) seq).longValue(), (String) epoch));
    }
    return since;
  }

  private static ClientFrame.Request request(JsonObject json, String id) {
    Object method = json.getValue("method");
    if (!(method instanceof String)) {
      throw bad("field 'method' is required and must be a string", id);
    }
    if (!isMethodName((String) method)) {
      throw bad("field 'method' must look like 'area.name' (at most " + MAX_METHOD_LENGTH
          + " characters), got '" + shorten((String) method) + "'", id);
    }
    Object data = json.getValue("data");
    if (data != null && !(data instanceof JsonObject)) {
      throw bad("field 'data' must be an object", id);
    }
    return new ClientFrame.Request(id, (String) method,
        data == null ? new JsonObject() : (JsonObject) data);
  }

  private static ClientFrame.Publish publish(JsonObject json, String id) {
    String channel = requiredString(json, "channel", id);
    if (!json.containsKey("data") || json.getValue("data") == null) {
      throw bad("field 'data' is required", id);
    }
    return new ClientFrame.Publish(id, channel, json.getValue("data"),
        json.getValue("idempotencyKey"));
  }

  private static Long ts(JsonObject json, String id) {
    Object ts = json.getValue("ts");
    if (ts == null) {
      return null;
    }
    if (!(ts instanceof Number) || !isWhole((Number) ts)) {
      throw bad("field 'ts' must be a whole number", id);
    }
    return ((Number) ts).longValue();
  }

  private static boolean isWhole(Number number) {
    return number instanceof Integer || number instanceof Long || number instanceof Short
        || number instanceof Byte
        || number.doubleValue() == Math.rint(number.doubleValue())
        && Math.abs(number.doubleValue()) < 9.007199254740992E15;
  }

  private static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  private static ProtocolException bad(String message, String id) {
    return new ProtocolException(ErrorCode.BAD_REQUEST, message, id, null);
  }
}
