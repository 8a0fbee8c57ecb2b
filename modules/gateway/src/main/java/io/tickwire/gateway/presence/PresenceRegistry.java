package io.tickwire.gateway.presence;

import io.vertx.core.Vertx;

/**
 * Where a node records the subscribers of its own connections to channels of tracked namespaces,
 * so that every node's {@link PresenceIndex} learns of them: the node's memory alone, or the
 * cluster's. Each recorded change reaches the index of every node once, in the order it was
 * recorded for that session and channel; a node that leaves or dies has its subscribers removed
 * (each removal reaching the indexes as a change).
 *
 * <p>Threading: called on a gateway's event loop; never blocks it, never fails (a change that
 * cannot be recorded is logged and dropped).
 */
public interface PresenceRegistry {

  /** Makes the registry of a node, feeding {@code index}; called once per node. */
  @FunctionalInterface
  interface Factory {
    PresenceRegistry create(Vertx vertx, PresenceIndex index);
  }

  /** The subscription of {@code entry}'s session to its channel was granted. */
  void joined(PresenceEntry entry);

  /** {@code session} left {@code channel} (unsubscribed, lost the right, or disconnected). */
  void left(String channel, String session);
}
