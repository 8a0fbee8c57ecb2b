package io.tickwire.gateway.presence;

import io.vertx.core.json.JsonObject;

/**
 * One client subscribed to a channel of a tracked namespace.
 *
 * @param channel the channel
 * @param session the connection's session id
 * @param user the token's subject, or {@code null} for an anonymous connection
 * @param node the id of the node the client is connected to
 * @param joinedAt when its subscription was granted, in ms since the epoch
 */
public record PresenceEntry(String channel, String session, String user, String node,
    long joinedAt) {

  /** The client as a {@code presence} answer lists it. */
  JsonObject toJson() {
    return new JsonObject().put("session", session).put("user", user).put("node", node)
        .put("joinedAt", joinedAt);
  }
}
