package io.tickwire.client;

import io.vertx.core.json.JsonObject;

/**
 * A connection as other clients see it (protocol 1.1): the {@code from} of a message a client
 * published, and the {@code client} of a {@code join} or {@code leave}.
 *
 * @param session the connection's session id
 * @param user its user (the token's subject), or {@code null} for an anonymous connection
 */
public record ClientRef(String session, String user) {

  /** The reference {@code json} holds, or {@code null} when it is not an object. */
  static ClientRef from(Object json) {
    if (!(json instanceof JsonObject object)) {
      return null;
    }
    Object user = object.getValue("user");
    return new ClientRef(object.getString("session"), user instanceof String name ? name : null);
  }
}
