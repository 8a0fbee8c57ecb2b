package io.tickwire.transactions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One watched transaction and where it stands. Owned by a {@link TxTracker}; not thread-safe. */
final class TrackedTx {

  final String hash;
  String from;
  String to;
  Long nonce;
  TxState state;
  Long blockNumber;
  String blockHash;
  int confirmations;
  String replacedBy;
  /** When it was first found missing from the pool, or -1 while it is there. */
  long missingSince = -1;
  /** Its block was reorganised away; it waits to be found in a new block or to fall back. */
  boolean orphaned;
  /** Transitions so far. */
  int steps;
  /** When it last changed, ms since the Unix epoch. */
  long changedAt;
  /** The users who asked to watch it with {@code tx.watch}; never shown to clients. */
  final Set<String> watchers = new LinkedHashSet<>();

  TrackedTx(String hash) {
    this.hash = hash;
  }

  /** Takes what a chain source says about it: sender, receiver, nonce. */
  void details(ChainTx tx) {
    from = tx.from();
    to = tx.to();
    nonce = tx.nonce();
  }

  boolean known() {
    return from != null && nonce != null;
  }

  /** The answer of {@code tx.get} and {@code tx.watch}. */
  JsonObject status() {
    return new JsonObject().put("hash", hash).put("state", state.wire()).put("from", from)
        .put("to", to).put("nonce", nonce).put("blockNumber", blockNumber)
        .put("blockHash", blockHash).put("confirmations", confirmations)
        .put("replacedBy", replacedBy).put("watched", true);
  }

  JsonObject toJson() {
    JsonObject json = status().put("missingSince", missingSince).put("orphaned", orphaned)
        .put("steps", steps).put("changedAt", changedAt);
    if (!watchers.isEmpty()) {
      json.put("watchers", new JsonArray(List.copyOf(watchers)));
    }
    return json;
  }

  static TrackedTx fromJson(JsonObject json) {
    TrackedTx tx = new TrackedTx(json.getString("hash"));
    tx.from = json.getString("from");
    tx.to = json.getString("to");
    tx.nonce = json.getLong("nonce");
    tx.state = TxState.fromWire(json.getString("state"));
    if (tx.state == null) {
      throw new IllegalArgumentException("unknown state in the store: " + json.getString("state"));
    }
    tx.blockNumber = json.getLong("blockNumber");
    tx.blockHash = json.getString("blockHash");
    tx.confirmations = json.getInteger("confirmations", 0);
    tx.replacedBy = json.getString("replacedBy");
    tx.missingSince = json.getLong("missingSince", -1L);
    tx.orphaned = json.getBoolean("orphaned", false);
    tx.steps = json.getInteger("steps", 0);
    tx.changedAt = json.getLong("changedAt", 0L);
    json.getJsonArray("watchers", new JsonArray()).forEach(user -> {
      if (user instanceof String name) {
        tx.watchers.add(name);
      }
    });
    return tx;
  }
}
