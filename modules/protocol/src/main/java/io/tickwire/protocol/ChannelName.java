package io.tickwire.protocol;

import java.util.regex.Pattern;

/**
 * A channel name, {@code namespace.key}: at most {@value #MAX_LENGTH} characters, a namespace of
 * {@code [a-z][a-z0-9_-]*}, and a key of printable ASCII without spaces. The key may itself
 * contain dots ({@code prices.BTC-USD}). A namespace that is a single channel ({@code blocks}) is
 * named without a key; its key is empty.
 */
public record ChannelName(String namespace, String key) {

  public static final int MAX_LENGTH = 128;

  private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9_-]*");
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]+");

  public ChannelName {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "channel namespace must match [a-z][a-z0-9_-]*, got '" + namespace + "'");
    }
    if (key == null || !key.isEmpty() && !KEY.matcher(key).matches()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "channel key must be non-empty printable ASCII without spaces");
    }
    if (namespace.length() + 1 + key.length() > MAX_LENGTH) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "channel name is longer than " + MAX_LENGTH + " characters");
    }
  }

  /**
   * Parses {@code namespace.key}.
   *
   * @throws ProtocolException with {@link ErrorCode#BAD_REQUEST} and the channel set, when the
   *     name is not valid
   */
  public static ChannelName parse(String name) {
    if (name == null || name.isEmpty()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "channel name is empty", null, name);
    }
    if (name.length() > MAX_LENGTH) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "channel name is longer than " + MAX_LENGTH + " characters", null, shorten(name));
    }
    int dot = name.indexOf('.');
    if (dot == name.length() - 1) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "channel name must be namespace.key, the key is empty", null, name);
    }
    try {
      return dot < 0
          ? new ChannelName(name, "")
          : new ChannelName(name.substring(0, dot), name.substring(dot + 1));
    } catch (ProtocolException e) {
      throw new ProtocolException(e.code(), e.getMessage(), null, name);
    }
  }

  /**
   * The namespace part of a channel name already known to be valid (one the node granted or
   * published to): what comes before the first dot, or the whole name for a namespace that is a
   * single channel. Allocates no {@link ChannelName} and checks nothing, for the paths that run per
   * message or per subscriber.
   */
  public static String namespaceOf(String channel) {
    int dot = channel.indexOf('.');
    return dot < 0 ? channel : channel.substring(0, dot);
  }

  /** Whether {@code name} is a valid channel name. */
  public static boolean isValid(String name) {
    try {
      parse(name);
      return true;
    } catch (ProtocolException e) {
      return false;
    }
  }

  private static String shorten(String name) {
    return name.substring(0, MAX_LENGTH) + "…";
  }

  @Override
  public String toString() {
    return key.isEmpty() ? namespace : namespace + "." + key;
  }
}
