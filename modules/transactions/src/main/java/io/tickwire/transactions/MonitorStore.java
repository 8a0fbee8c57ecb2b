package io.tickwire.transactions;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's state on its {@link WatchStore}: the explicitly watched wallets, and — for the
 * chain they belong to — the watched transactions and the last processed blocks, in one document
 * of version {@value #VERSION}.
 *
 * <p>Order: {@link #load()} first, which restores the wallets at once; the transactions and
 * blocks wait for {@link #adopt(String)} to name the chain, and are restored only if they are of
 * that chain. Until then every save keeps them as they were read.
 *
 * <p>Saves never overlap: {@link #persist()} answers when a save that includes every change made
 * before the call is durable, and changes made during a save are saved together by the next.
 * Confined to the monitor's event loop; the store's I/O runs elsewhere.
 */
final class MonitorStore {

  static final int VERSION = 1;

  private static final Logger LOG = LoggerFactory.getLogger(MonitorStore.class);

  private final WatchStore store;
  private final TxTracker tracker;
  private final WatchList wallets;
  private final BlockWindow window;
  /** What was read and not restored yet: kept in every save until the chain is known. */
  private JsonObject stored = new JsonObject();
  private String chain;
  private Future<Void> saving = Future.succeededFuture();
  private Promise<Void> nextSave;
  private Future<Void> lastPersist = Future.succeededFuture();

  MonitorStore(WatchStore store, TxTracker tracker, WatchList wallets, BlockWindow window) {
    this.store = store;
    this.tracker = tracker;
    this.wallets = wallets;
    this.window = window;
  }

  /** Reads the store: the watched wallets at once, the rest once the chain is known to match. */
  Future<Void> load() {
    return store.load().map(document -> {
      stored = document;
      wallets.load(document.getJsonObject("wallets", new JsonObject()));
      return null;
    });
  }

  /** The chain the state belongs to, or {@code null} until the chain source named it. */
  String chain() {
    return chain;
  }

  /**
   * The chain source names its chain {@code id}: the transactions and blocks belong to that chain
   * only. The first time, those stored for it are restored; when it is another chain than the
   * stored one or the one before, the tracker and the block window start empty.
   *
   * @return whether the state of another chain was dropped
   */
  boolean adopt(String id) {
    if (id.equals(chain)) {
      return false;
    }
    boolean dropped = false;
    if (chain == null && id.equals(stored.getString("chain"))) {
      tracker.load(stored.getJsonArray("transactions", new JsonArray()));
      window.load(stored.getJsonArray("blocks", new JsonArray()));
      LOG.info("resuming chain {} after block {}", id, window.head());
    } else if (chain != null || stored.containsKey("chain")) {
      LOG.warn("the chain source is another chain ({}); watched transactions start anew", id);
      tracker.load(new JsonArray());
      window.load(new JsonArray());
      dropped = true;
    }
    chain = id;
    stored = new JsonObject();
    return dropped;
  }

  /**
   * Saves the state; answers when a save that includes every change made so far is durable.
   * Saves never overlap: changes made during one are saved together by the next.
   */
  Future<Void> persist() {
    if (nextSave != null) {
      return nextSave.future();
    }
    Promise<Void> promise = Promise.promise();
    nextSave = promise;
    lastPersist = promise.future();
    // Runs at once when no save is under way, else when the current one ends.
    saving.onComplete(ignored -> {
      nextSave = null;
      saving = store.save(document())
          .onFailure(failure -> LOG.error("cannot save the watch list: {}",
              failure.getMessage()));
      saving.onComplete(promise);
    });
    return promise.future();
  }

  /**
   * Completes once every change that was followed by a {@link #persist()} is durable, without
   * saving again unless the last save failed.
   */
  Future<Void> saved() {
    return lastPersist.recover(failure -> persist());
  }

  private JsonObject document() {
    JsonObject document = new JsonObject().put("version", VERSION)
        .put("wallets", wallets.toJson());
    if (chain != null) {
      document.put("chain", chain).put("blocks", window.toJson())
          .put("transactions", tracker.toJson());
    } else {
      // Not connected yet: keep what was stored for the chain until it can be checked.
      stored.fieldNames().forEach(key -> {
        if (!document.containsKey(key)) {
          document.put(key, stored.getValue(key));
        }
      });
    }
    return document;
  }
}
