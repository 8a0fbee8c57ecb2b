package io.tickwire.transactions;

import io.tickwire.runtime.SharedDocuments;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The watch list kept by the cluster, so the member that takes the chain over after another
 * left or died finds the watched wallets and transactions and the last processed blocks.
 */
final class SharedWatchStore implements WatchStore {

  static final String DOCUMENT = "transactions.watch";

  private final SharedDocuments documents;

  SharedWatchStore(SharedDocuments documents) {
    this.documents = documents;
  }

  @Override
  public Future<JsonObject> load() {
    return documents.load(DOCUMENT);
  }

  @Override
  public Future<Void> save(JsonObject document) {
    return documents.save(DOCUMENT, document);
  }
}
