package io.tickwire.gateway.admin;

import io.tickwire.runtime.Ownership;
import io.vertx.core.json.JsonObject;

/**
 * What the admin console shows that the gateway does not own: which part of the cluster's key
 * space this node works on, and the node's whole configuration as loaded (shown redacted).
 *
 * @param ownership the node's ownership ({@link Ownership#single()} alone)
 * @param config the loaded configuration, secrets included: it is redacted before it is kept
 */
public record AdminSources(Ownership ownership, JsonObject config) {

  /** A single node whose configuration is not known beyond the gateway's sections. */
  public static AdminSources single() {
    return new AdminSources(Ownership.single(), new JsonObject());
  }
}
