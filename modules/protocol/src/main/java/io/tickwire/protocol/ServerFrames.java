package io.tickwire.protocol;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds the text of every server frame. A {@code message} frame is built once per published
 * message by its producer and shared by every socket that receives it.
 */
public final class ServerFrames {

  /** The protocol version announced in {@code welcome}. */
  public static final int PROTOCOL_VERSION = 1;

  private ServerFrames() {
  }

  /** What a granted channel was subscribed at, for the {@code subscribed} frame. */
  public record Granted(String channel, long seq, String epoch, boolean recovered) {
    JsonObject toJson() {
      return new JsonObject().put("channel", channel).put("seq", seq).put("epoch", epoch)
          .put("recovered", recovered);
    }
  }

  public static String welcome(String session, String node, long heartbeatMs) {
    return welcomeJson(session, node, heartbeatMs).encode();
  }

  /**
   * {@code welcome} with the {@code features} of protocol 1.1 the node offers (names such as
   * {@code publish}); a protocol-1.0 client ignores the field.
   */
  public static String welcome(String session, String node, long heartbeatMs,
      List<String> features) {
    return welcomeJson(session, node, heartbeatMs)
        .put("features", new JsonArray(List.copyOf(features))).encode();
  }

  /**
   * {@code welcome} with the {@code features} and the channels the server subscribed the
   * connection to at connect ({@code subscriptions}, {@code gateway.autoSubscribe}), which it
   * cannot leave.
   */
  public static String welcome(String session, String node, long heartbeatMs,
      List<String> features, List<String> subscriptions) {
    return welcomeJson(session, node, heartbeatMs)
        .put("features", new JsonArray(List.copyOf(features)))
        .put("subscriptions", new JsonArray(List.copyOf(subscriptions))).encode();
  }

  private static JsonObject welcomeJson(String session, String node, long heartbeatMs) {
    return new JsonObject().put("type", FrameType.WELCOME).put("session", session)
        .put("node", node).put("protocol", PROTOCOL_VERSION).put("heartbeatMs", heartbeatMs);
  }

  public static String authed(String id, String user, long expiresAt) {
    JsonObject json = new JsonObject().put("type", FrameType.AUTHED);
    if (id != null) {
      json.put("id", id);
    }
    return json.put("user", user).put("expiresAt", expiresAt).encode();
  }

  public static String subscribed(String id, List<Granted> channels) {
    return subscribed(id, channels, List.of());
  }

  /**
   * The one answer to a {@code subscribe} frame: the granted channels, and under {@code errors}
   * (only when there are any) each refused channel with its {@code code} and {@code message}.
   */
  public static String subscribed(String id, List<Granted> channels,
      List<ProtocolException> refused) {
    JsonArray granted = new JsonArray();
    channels.forEach(channel -> granted.add(channel.toJson()));
    JsonObject json = new JsonObject().put("type", FrameType.SUBSCRIBED).put("id", id)
        .put("channels", granted);
    if (!refused.isEmpty()) {
      JsonArray errors = new JsonArray();
      for (ProtocolException error : refused) {
        errors.add(new JsonObject().put("channel", error.channel())
            .put("code", error.code().token()).put("message", error.getMessage()));
      }
      json.put("errors", errors);
    }
    return json.encode();
  }

  public static String unsubscribed(String id, List<String> channels) {
    return new JsonObject().put("type", FrameType.UNSUBSCRIBED).put("id", id)
        .put("channels", new JsonArray(List.copyOf(channels))).encode();
  }

  public static String response(String id, Object data) {
    return new JsonObject().put("type", FrameType.RESPONSE).put("id", id).put("data", data)
        .encode();
  }

  public static String pong(String id, long ts) {
    return new JsonObject().put("type", FrameType.PONG).put("id", id).put("ts", ts).encode();
  }

  public static String error(ErrorCode code, String message, String id, String channel) {
    JsonObject json = new JsonObject().put("type", FrameType.ERROR).put("code", code.token())
        .put("message", message);
    if (id != null) {
      json.put("id", id);
    }
    if (channel != null) {
      json.put("channel", channel);
    }
    return json.encode();
  }

  /** The one encoding of a channel message, shared by every socket that receives it. */
  public static String message(String channel, long seq, String epoch, long ts, Object data) {
    return message(channel, seq, epoch, ts, data, null);
  }

  /**
   * The one encoding of a channel message a client published: {@code from} ({@code {user,
   * session}}) follows {@code data}; without it, the same frame as a backend's.
   */
  public static String message(String channel, long seq, String epoch, long ts, Object data,
      JsonObject from) {
    JsonObject json = new JsonObject().put("type", FrameType.MESSAGE).put("channel", channel)
        .put("seq", seq).put("epoch", epoch).put("ts", ts).put("data", data);
    return (from == null ? json : json.put("from", from)).encode();
  }

  /** The answer to a {@code publish} frame: where the message landed. */
  public static String published(String id, String channel, long seq, String epoch) {
    return new JsonObject().put("type", FrameType.PUBLISHED).put("id", id)
        .put("channel", channel).put("seq", seq).put("epoch", epoch).encode();
  }

  /**
   * A {@code join} or {@code leave} frame ({@code type}): {@code session} of {@code user}
   * ({@code null} for an anonymous connection) subscribed to or left {@code channel}.
   */
  public static String joinLeave(String type, String channel, String session, String user) {
    return new JsonObject().put("type", type).put("channel", channel)
        .put("client", new JsonObject().put("session", session).put("user", user)).encode();
  }

  /**
   * The answer to a {@code presence} frame as UTF-8 JSON text, from the channel's presence
   * already encoded once ({@code body}: the JSON object {@code {"channel", "clients", "users",
   * "count"}}): {@code type} and the escaped {@code id} go in front of its entries, which are
   * neither decoded nor encoded again, nor copied: the tail is the body's bytes after its opening
   * brace, off-heap from its second answer when it has {@link #OFF_HEAP_MIN_BYTES} or more
   * ({@link SharedFrame#utf8Buffer()}).
   */
  public static SplicedFrame presenceText(String id, SharedFrame body) {
    byte[] utf8 = body.utf8();
    if (utf8.length < 2 || utf8[0] != '{') {
      throw new IllegalArgumentException("the presence body is not a JSON object");
    }
    byte[] head = ("{\"type\":\"" + FrameType.PRESENCE + "\",\"id\":" + Json.encode(id)
        + (utf8.length == 2 ? "" : ",")).getBytes(StandardCharsets.UTF_8);
    return new SplicedFrame(head, body.utf8Buffer().position(1));
  }

  /**
   * The MessagePack form of {@link #presenceText(String, SharedFrame)}, from the channel's
   * presence packed once: a map header with two more entries, {@code type} and {@code id}, then
   * the packed body's entries, not copied, off-heap from the second answer when there are
   * {@link #OFF_HEAP_MIN_BYTES} or more ({@link SharedFrame#packedBuffer()}).
   */
  public static SplicedFrame presence(String id, SharedFrame body) {
    byte[] packed = body.packed();
    return new SplicedFrame(MsgPack.prependHead(packed, "type", FrameType.PRESENCE, "id", id),
        body.packedBuffer().position(MsgPack.mapHeaderLength(packed)));
  }

  /**
   * A frame body of at least this many bytes is written from its off-heap copy, a smaller one
   * from the heap: {@link SharedFrame#OFF_HEAP_MIN_BYTES}.
   */
  public static final int OFF_HEAP_MIN_BYTES = SharedFrame.OFF_HEAP_MIN_BYTES;
}
