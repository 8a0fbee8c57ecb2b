package io.tickwire.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A frame a client sends, validated. {@link ClientFrames#parse(String)} builds them from text;
 * {@link #toJson()} gives the wire form, for clients.
 */
public sealed interface ClientFrame {

  /** The client-chosen id, or {@code null} for frames that carry none. */
  String id();

  /** The frame's {@code type}. */
  String type();

  /** The wire form of this frame. */
  JsonObject toJson();

  /** A channel position: the last {@code seq} seen in an {@code epoch}. */
  record Position(long seq, String epoch) {
    public JsonObject toJson() {
      return new JsonObject().put("seq", seq).put("epoch", epoch);
    }
  }

  /** {@code auth}: present or refresh a token. */
  record Auth(String id, String token) implements ClientFrame {
    @Override
    public String type() {
      return FrameType.AUTH;
    }

    @Override
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("type", type()).put("token", token);
      return id == null ? json : json.put("id", id);
    }
  }

  /** {@code subscribe}: channels, with positions to recover from. */
  record Subscribe(String id, List<String> channels, Map<String, Position> since)
      implements ClientFrame {
    public Subscribe {
      channels = List.copyOf(channels);
      since = Map.copyOf(since);
    }

    @Override
    public String type() {
      return FrameType.SUBSCRIBE;
    }

    @Override
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("type", type()).put("id", id)
          .put("channels", new JsonArray(List.copyOf(channels)));
      if (!since.isEmpty()) {
        JsonObject positions = new JsonObject();
        since.forEach((channel, position) -> positions.put(channel, position.toJson()));
        json.put("since", positions);
      }
      return json;
    }
  }

  /** {@code unsubscribe}. */
  record Unsubscribe(String id, List<String> channels) implements ClientFrame {
    public Unsubscribe {
      channels = List.copyOf(channels);
    }

    @Override
    public String type() {
      return FrameType.UNSUBSCRIBE;
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("id", id)
          .put("channels", new JsonArray(List.copyOf(channels)));
    }
  }

  /** {@code request}: a call of a service method. */
  record Request(String id, String method, JsonObject data) implements ClientFrame {
    @Override
    public String type() {
      return FrameType.REQUEST;
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("id", id).put("method", method)
          .put("data", data);
    }
  }

  /**
   * {@code publish} (protocol 1.1): a message for subscribers of {@code channel}; {@code data}
   * is any JSON value, {@code idempotencyKey} a string or {@code null} (checked with the
   * publication).
   */
  record Publish(String id, String channel, Object data, Object idempotencyKey)
      implements ClientFrame {
    @Override
    public String type() {
      return FrameType.PUBLISH;
    }

    @Override
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("type", type()).put("id", id).put("channel", channel)
          .put("data", data);
      return idempotencyKey == null ? json : json.put("idempotencyKey", idempotencyKey);
    }
  }

  /** {@code ping}: an application-level ping, answered with {@code pong} at once. */
  record Ping(String id, Long ts) implements ClientFrame {
    @Override
    public String type() {
      return FrameType.PING;
    }

    @Override
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("type", type()).put("id", id);
      return ts == null ? json : json.put("ts", ts);
    }
  }

  /** {@code presence}: who is subscribed to a channel of a namespace with presence. */
  record Presence(String id, String channel) implements ClientFrame {
    @Override
    public String type() {
      return FrameType.PRESENCE;
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("id", id).put("channel", channel);
    }
  }
}
