package io.tickwire.gateway.endpoint;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Which users are connected where: one node's memory, or the whole cluster's. Enforces the
 * per-user connection limit. Threading: called on a gateway's event loop; answers on it.
 */
public interface ConnectionRegistry {

  /** Makes the registry of a node; called once per node. */
  @FunctionalInterface
  interface Factory {
    ConnectionRegistry create(Vertx vertx, int maxPerUser);
  }

  /**
   * Records a connection. Fails with a {@link io.tickwire.protocol.ProtocolException}
   * {@code rate_limited} when the user already has the maximum number of connections.
   */
  Future<Void> add(String user, String session, String node);

  /** Forgets a connection; never fails. */
  Future<Void> remove(String user, String session);

  /** {@code {"user", "online", "connections", "nodes": {node: count}}}. */
  Future<JsonObject> lookup(String user);
}
