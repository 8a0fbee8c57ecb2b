package io.tickwire.channels;

import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;

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

  private Publication(ChannelName channel, NamespacePolicy policy, Object data,
      String idempotencyKey) {
    this.channel = channel;
    this.policy = policy;
    this.data = data;
    this.idempotencyKey = idempotencyKey;
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
    if (!(channel instanceof String name)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "field 'channel' is required and must be a channel name");
    }
    ChannelName parsed = ChannelName.parse(name);
    NamespacePolicy policy = namespaces.of(parsed);
    if (data == null) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'data' is required");
    }
    if (idempotencyKey != null && (!(idempotencyKey instanceof String key) || key.isEmpty()
        || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "field 'idempotencyKey' must be a string of 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
              + " characters");
    }
    return new Publication(parsed, policy, data, (String) idempotencyKey);
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

  /** The idempotency key, or {@code null}. */
  public String idempotencyKey() {
    return idempotencyKey;
  }
}
