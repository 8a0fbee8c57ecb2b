package io.tickwire.gateway;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The policy of one channel namespace, from {@code namespaces.<name>} in conf.
 *
 * @param name the namespace, e.g. {@code prices}
 * @param access who may subscribe
 * @param mode how messages reach slow clients
 * @param historySize how many messages the channel keeps for recovery ({@link #DEFAULT_HISTORY_SIZE})
 * @param historyTtlMs how long it keeps them ({@link #DEFAULT_HISTORY_TTL_MS})
 */
public record NamespacePolicy(String name, Access access, Mode mode, int historySize,
    long historyTtlMs) {

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
  }

  public boolean latest() {
    return mode == Mode.LATEST;
  }

  static NamespacePolicy from(Section section, String name) {
    NamespacePolicy policy = new NamespacePolicy(name,
        Access.valueOf(section.oneOf("access", "public",
            Set.of("public", "authenticated", "wallet", "owner")).toUpperCase()),
        Mode.valueOf(section.oneOf("mode", "stream", Set.of("latest", "stream")).toUpperCase()),
        section.intValue("historySize", DEFAULT_HISTORY_SIZE, 0, 1_000_000),
        section.longValue("historyTtlMs", DEFAULT_HISTORY_TTL_MS, 0, 86_400_000L * 7));
    section.done();
    return policy;
  }
}
