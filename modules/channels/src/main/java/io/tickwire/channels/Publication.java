package io.tickwire.channels;

import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A publication that passed its one check, made where it enters the node: the HTTP API and the
 * channel log's event-bus address (the services' {@code ChannelPublisher}) call {@link #check};
 * nothing else makes one. What takes a publication further in (the {@link ChannelLog}, a
 * {@link ChannelStore}) trusts it: its channel is a channel of a configured namespace whose keys
 * it matches, {@link #policy()} is that namespace's, and its fields have their shape.
 * Immutable; thread-safe.
 */
public final class Publication {

  /** The longest idempotency key. */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

  private final ChannelName channel;
  private final NamespacePolicy policy;
  private final Object data;
  private final String idempotencyKey;
  private final From from;
  /** {@link #data} as JSON text, once someone asked for it. */
  private volatile String dataJson;

  /**
   * Who published from a WebSocket ({@code publish} frame): the signed-in user and the session.
   * Carried in the message frame as {@code "from":{"user":…,"session":…}}.
   */
  public record From(String user, String session) {
    public From {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(session, "session");
    }

    /** The {@code from} object of the message frame. */
    public JsonObject toJson() {
      return new JsonObject().put("user", user).put("session", session);
    }
  }

  private Publication(ChannelName channel, NamespacePolicy policy, Object data,
      String idempotencyKey, From from) {
    this.channel = channel;
    this.policy = policy;
    this.data = data;
    this.idempotencyKey = idempotencyKey;
    this.from = from;
  }

  /**
   * Checks a publication as it arrived: {@code channel} a channel name of a known namespace and
   * key (else {@code not_found}) matching its key pattern, {@code data} present,
   * {@code idempotencyKey} absent or a string of 1 to {@value #MAX_IDEMPOTENCY_KEY_LENGTH}
   * characters.
   *
   * @throws ProtocolException naming the field at fault
   */
  public static Publication check(Namespaces namespaces, Object channel, Object data,
      Object idempotencyKey) {
    return check(namespaces, channel, data, idempotencyKey, null);
  }

  /**
   * Checks a publication as {@link #check(Namespaces, Object, Object, Object)} does, made by a
   * client ({@code from}, or {@code null} for a backend or service).
   *
   * @throws ProtocolException naming the field at fault
   */
  public static Publication check(Namespaces namespaces, Object channel, Object data,
      Object idempotencyKey, From from) {
    if (!(channel instanceof String name)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "field 'channel' is required and must be a channel name");
    }
    ChannelName parsed = ChannelName.parse(name);
    return check(parsed, namespaces.of(parsed), data, idempotencyKey, from);
  }

  /**
   * Checks a publication to {@code channel}, already parsed and found in its namespace
   * ({@code policy}, from {@link Namespaces#of}), as
   * {@link #check(Namespaces, Object, Object, Object, From)} checks the rest: for a caller that
   * looked the namespace up for checks of its own.
   *
   * @throws ProtocolException naming the field at fault
   */
  public static Publication check(ChannelName channel, NamespacePolicy policy, Object data,
      Object idempotencyKey, From from) {
    if (data == null) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'data' is required");
    }
    if (idempotencyKey != null && (!(idempotencyKey instanceof String key) || key.isEmpty()
        || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "field 'idempotencyKey' must be a string of 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
              + " characters");
    }
    // A client's keys are its user's own: the same key from another user, or from a backend,
    // is another publication (an HTTP key would have to hold NUL characters to meet one).
    String key = idempotencyKey == null || from == null ? (String) idempotencyKey
        : "client\u0000" + from.user() + "\u0000" + idempotencyKey;
    return new Publication(channel, policy, data, key, from);
  }

  public ChannelName channel() {
    return channel;
  }

  /** The policy of the channel's namespace. */
  public NamespacePolicy policy() {
    return policy;
  }

  /** The message: any JSON value. */
  public Object data() {
    return data;
  }

  /**
   * {@link #data()} as JSON text, encoded once whoever asks (a size check, then the store that
   * builds the message frame around it). Any thread; two threads asking at once may both
   * encode, and get equal text.
   */
  public String dataJson() {
    String encoded = dataJson;
    if (encoded == null) {
      encoded = Json.encode(data);
      dataJson = encoded;
    }
    return encoded;
  }

  /** The idempotency key, or {@code null}. */
  public String idempotencyKey() {
    return idempotencyKey;
  }

  /** The client that published it, or {@code null} for a backend or a service. */
  public From from() {
    return from;
  }
}
