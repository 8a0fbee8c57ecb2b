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
 * @param presence whether the node tracks who is subscribed to each channel of the namespace,
 *     cluster-wide, and answers {@code presence} requests about it ({@code
 *     namespaces.<name>.presence}, default false)
 * @param joinLeave whether the subscribers of a channel are sent {@code join} and {@code leave}
 *     frames when a client subscribes or leaves ({@code namespaces.<name>.joinLeave}, default
 *     false); it tracks subscribers as {@code presence} does, with or without it
 */
public record NamespacePolicy(String name, Access access, Mode mode, int historySize,
    long historyTtlMs, Set<String> keys, Pattern keyPattern, boolean presence,
    boolean joinLeave) {

  /** Default history: the last 1,000 messages. */
  public static final int DEFAULT_HISTORY_SIZE = 1_000;
  /** Default history: 5 minutes. */
  public static final long DEFAULT_HISTORY_TTL_MS = 300_000;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

  /** Who may subscribe to a namespace's channels. */
  public enum Access {
    /** Anyone, with or without a token. */
    PUBLIC,
    /** Any connection with a valid token. */
    AUTHENTICATED,
    /** Only a token whose {@code wallets} claim lists the channel key (case-insensitive). */
    WALLET,
    /** Only the token whose subject is the channel key ({@code user.<sub>}). */
    OWNER
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
  }

  /** A policy without presence nor join/leave. */
  public NamespacePolicy(String name, Access access, Mode mode, int historySize,
      long historyTtlMs, Set<String> keys, Pattern keyPattern) {
    this(name, access, mode, historySize, historyTtlMs, keys, keyPattern, false, false);
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
        allowed == null ? null : new LinkedHashSet<>(allowed), keyPattern, presence, joinLeave);
  }

  static NamespacePolicy from(Section section, String name) {
    NamespacePolicy policy = new NamespacePolicy(name,
        Access.valueOf(section.oneOf("access", "public",
            Set.of("public", "authenticated", "wallet", "owner")).toUpperCase()),
        Mode.valueOf(section.oneOf("mode", "stream", Set.of("latest", "stream")).toUpperCase()),
        section.intValue("historySize", DEFAULT_HISTORY_SIZE, 0, 1_000_000),
        section.longValue("historyTtlMs", DEFAULT_HISTORY_TTL_MS, 0, 86_400_000L * 7),
        keys(section.strings("keys", null)),
        keyPattern(section.string("keyPattern", null), section.key("keyPattern")),
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
