package io.tickwire.channels;

import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The policy of one channel namespace, from {@code namespaces.<name>} in conf.
 *
 * @param name the namespace, e.g. {@code prices}
 * @param access who may subscribe
 * @param mode how messages reach slow clients
 * @param historySize how many messages the channel keeps for recovery ({@link #DEFAULT_HISTORY_SIZE})
 * @param historyTtlMs how long it keeps them ({@link #DEFAULT_HISTORY_TTL_MS})
 * @param keys the only keys its channels may have ({@code namespaces.<name>.keys}), or
 *     {@code null} for any key; a channel with another key is {@code not_found}
 * @param keyPattern the regular expression every key of the namespace matches as a whole
 *     ({@code namespaces.<name>.keyPattern}), or {@code null} for any key; a channel whose key
 *     does not match is {@code bad_request}, checked before the channel has any state
 * @param clientPublish whether clients may publish with the {@code publish} frame
 *     ({@code namespaces.<name>.clientPublish}, default {@code none})
 * @param publishRate {@code publish} frames one connection may send to the namespace per second
 *     ({@value #DEFAULT_PUBLISH_RATE}); a token bucket whose burst is the rate rounded up
 * @param maxPublishBytes the largest {@code data} of a {@code publish} frame, in bytes of its
 *     JSON encoding ({@value #DEFAULT_MAX_PUBLISH_BYTES})
 * @param claim with {@link Access#CLAIM}: the token claim (an array of strings) that must list
 *     the channel key; {@code null} with any other access
 * @param presence whether the node tracks who is subscribed to each channel of the namespace,
 *     cluster-wide, and answers {@code presence} requests about it ({@code
 *     namespaces.<name>.presence}, default false)
 * @param joinLeave whether the subscribers of a channel are sent {@code join} and {@code leave}
 *     frames when a client subscribes or leaves ({@code namespaces.<name>.joinLeave}, default
 *     false); it tracks subscribers as {@code presence} does, with or without it
 */
public record NamespacePolicy(String name, Access access, Mode mode, int historySize,
    long historyTtlMs, Set<String> keys, Pattern keyPattern, ClientPublish clientPublish,
    double publishRate, int maxPublishBytes, String claim, boolean presence,
    boolean joinLeave) {

  /** Default history: the last 1,000 messages. */
  public static final int DEFAULT_HISTORY_SIZE = 1_000;
  /** Default history: 5 minutes. */
  public static final long DEFAULT_HISTORY_TTL_MS = 300_000;

  /** Default client publish rate: {@value} frames per second per connection. */
  public static final double DEFAULT_PUBLISH_RATE = 10;
  /** Default largest client publication: {@value} bytes of JSON data. */
  public static final int DEFAULT_MAX_PUBLISH_BYTES = 4_096;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");
  private static final Pattern CLAIM = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  /** Who may subscribe to a namespace's channels. */
  public enum Access {
    /** Anyone, with or without a token. */
    PUBLIC,
    /** Any connection with a valid token. */
    AUTHENTICATED,
    /** Only a token whose {@code wallets} claim lists the channel key (case-insensitive). */
    WALLET,
    /** Only the token whose subject is the channel key ({@code user.<sub>}). */
    OWNER,
    /** Only a token whose claim named by {@code claim} (an array of strings) lists the key. */
    CLAIM
  }

  /** Who may publish to a namespace's channels with the {@code publish} frame. */
  public enum ClientPublish {
    /** Nobody: only the HTTP API and the node's services publish. */
    NONE,
    /** A connection currently subscribed to the channel. */
    SUBSCRIBERS
  }

  /** Delivery mode. */
  public enum Mode {
    /** Only the newest value matters: slow clients get it conflated; new subscribers get it. */
    LATEST,
    /** Every message matters: nothing skipped; overflow closes 4009 and the client recovers. */
    STREAM
  }

  public NamespacePolicy {
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException("namespaces." + name, "a namespace must match [a-z][a-z0-9_-]*");
    }
    if (keys != null) {
      for (String key : keys) {
        try {
          new ChannelName(name, key);
        } catch (ProtocolException | NullPointerException e) {
          throw new ConfigException("namespaces." + name + ".keys",
              "'" + key + "' is not a channel key: printable ASCII without spaces");
        }
        if (keyPattern != null && !keyPattern.matcher(key).matches()) {
          throw new ConfigException("namespaces." + name + ".keys", "'" + key
              + "' does not match namespaces." + name + ".keyPattern " + keyPattern.pattern());
        }
      }
      keys = Set.copyOf(keys);
    }
    if (clientPublish == null) {
      clientPublish = ClientPublish.NONE;
    }
    if (!(publishRate > 0) || publishRate > 1_000_000) {
      throw new ConfigException("namespaces." + name + ".publishRate",
          "must be more than 0 and at most 1000000, got " + publishRate);
    }
    if (maxPublishBytes < 1 || maxPublishBytes > 16 * 1024 * 1024) {
      throw new ConfigException("namespaces." + name + ".maxPublishBytes",
          "must be 1 to 16777216, got " + maxPublishBytes);
    }
    if (access == Access.CLAIM && (claim == null || !CLAIM.matcher(claim).matches())) {
      throw new ConfigException("namespaces." + name + ".claim", "access 'claim' needs the "
          + "name of a token claim: 1 to 64 of A-Z a-z 0-9 _, not starting with a digit");
    }
    if (access != Access.CLAIM && claim != null) {
      throw new ConfigException("namespaces." + name + ".claim",
          "only a namespace with access 'claim' names a claim");
    }
  }

  /** A policy of the keys and pattern given, without client publish, presence or join/leave. */
  public NamespacePolicy(String name, Access access, Mode mode, int historySize,
      long historyTtlMs, Set<String> keys, Pattern keyPattern) {
    this(name, access, mode, historySize, historyTtlMs, keys, keyPattern, false, false);
  }

  /** A policy with presence and join/leave as given, without client publish. */
  public NamespacePolicy(String name, Access access, Mode mode, int historySize,
      long historyTtlMs, Set<String> keys, Pattern keyPattern, boolean presence,
      boolean joinLeave) {
    this(name, access, mode, historySize, historyTtlMs, keys, keyPattern, ClientPublish.NONE,
        DEFAULT_PUBLISH_RATE, DEFAULT_MAX_PUBLISH_BYTES, null, presence, joinLeave);
  }

  /** A policy with client publish as given, without presence or join/leave. */
  public NamespacePolicy(String name, Access access, Mode mode, int historySize,
      long historyTtlMs, Set<String> keys, Pattern keyPattern, ClientPublish clientPublish,
      double publishRate, int maxPublishBytes, String claim) {
    this(name, access, mode, historySize, historyTtlMs, keys, keyPattern, clientPublish,
        publishRate, maxPublishBytes, claim, false, false);
  }

  /** A policy without a key pattern. */
  public NamespacePolicy(String name, Access access, Mode mode, int historySize,
      long historyTtlMs, Set<String> keys) {
    this(name, access, mode, historySize, historyTtlMs, keys, null);
  }

  /** A policy whose channels may have any key. */
  public NamespacePolicy(String name, Access access, Mode mode, int historySize,
      long historyTtlMs) {
    this(name, access, mode, historySize, historyTtlMs, null, null);
  }

  public boolean latest() {
    return mode == Mode.LATEST;
  }

  /** Whether the namespace keeps no history: {@code since} never recovers anything. */
  public boolean ephemeral() {
    return historySize == 0;
  }

  /** Whether subscribers may publish with the {@code publish} frame. */
  public boolean subscribersPublish() {
    return clientPublish == ClientPublish.SUBSCRIBERS;
  }

  /** Whether the node keeps track of who is subscribed to the namespace's channels. */
  public boolean tracked() {
    return presence || joinLeave;
  }

  /** Whether a channel of this namespace may have {@code key}. */
  public boolean allows(String key) {
    return keys == null || keys.contains(key);
  }

  /** Whether {@code key} has the shape the namespace's {@code keyPattern} asks for. */
  public boolean matches(String key) {
    return keyPattern == null || keyPattern.matcher(key).matches();
  }

  /** The same policy, restricted to {@code allowed} keys ({@code null}: any key). */
  public NamespacePolicy withKeys(Collection<String> allowed) {
    return new NamespacePolicy(name, access, mode, historySize, historyTtlMs,
        allowed == null ? null : new LinkedHashSet<>(allowed), keyPattern, clientPublish,
        publishRate, maxPublishBytes, claim, presence, joinLeave);
  }

  static NamespacePolicy from(Section section, String name) {
    NamespacePolicy policy = new NamespacePolicy(name,
        Access.valueOf(section.oneOf("access", "public",
            Set.of("public", "authenticated", "wallet", "owner", "claim")).toUpperCase()),
        Mode.valueOf(section.oneOf("mode", "stream", Set.of("latest", "stream")).toUpperCase()),
        section.intValue("historySize", DEFAULT_HISTORY_SIZE, 0, 1_000_000),
        section.longValue("historyTtlMs", DEFAULT_HISTORY_TTL_MS, 0, 86_400_000L * 7),
        keys(section.strings("keys", null)),
        keyPattern(section.string("keyPattern", null), section.key("keyPattern")),
        ClientPublish.valueOf(section.oneOf("clientPublish", "none",
            Set.of("none", "subscribers")).toUpperCase()),
        section.doubleValue("publishRate", DEFAULT_PUBLISH_RATE, 0.01, 1_000_000),
        section.intValue("maxPublishBytes", DEFAULT_MAX_PUBLISH_BYTES, 1, 16 * 1024 * 1024),
        section.string("claim", null),
        section.bool("presence", false), section.bool("joinLeave", false));
    section.done();
    return policy;
  }

  private static Pattern keyPattern(String regex, String configKey) {
    if (regex == null) {
      return null;
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ConfigException(configKey, "not a regular expression: " + e.getDescription());
    }
  }

  private static Set<String> keys(List<String> keys) {
    return keys == null ? null : new LinkedHashSet<>(keys);
  }
}
