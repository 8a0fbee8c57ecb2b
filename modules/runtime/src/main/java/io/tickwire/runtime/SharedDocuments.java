package io.tickwire.runtime;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Small JSON documents a service keeps for whichever node does its work (the transaction
 * monitor's watch list): in a cluster they are kept by the cluster with backups, so the node
 * that takes the work over finds them. Threading: call from an event loop; futures complete on
 * the caller's context.
 */
public interface SharedDocuments {

  /** The document, or an empty object when none was saved. */
  Future<JsonObject> load(String name);

  /** Replaces the document; durable in the cluster's memory (with its backups) on success. */
  Future<Void> save(String name, JsonObject document);
}
