package io.tickwire.transactions;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Where the transaction monitor keeps what must survive a restart: the explicitly watched
 * wallets, the watched transactions and where they stand, and the last processed blocks. One
 * JSON document, replaced whole on each save.
 *
 * <p>Threading: called from the monitor's event loop; the I/O runs elsewhere and the futures
 * complete on the caller's context. Saves are never concurrent (the monitor waits for one to
 * finish before the next).
 */
public interface WatchStore {

  /** The last saved document, or an empty object when nothing was saved yet. */
  Future<JsonObject> load();

  /** Replaces the document; when the future succeeds the document is durable. */
  Future<Void> save(JsonObject document);
}
