package io.tickwire.transactions;

import static io.tickwire.transactions.TxState.CONFIRMED;
import static io.tickwire.transactions.TxState.CONFIRMING;
import static io.tickwire.transactions.TxState.DROPPED;
import static io.tickwire.transactions.TxState.FAILED;
import static io.tickwire.transactions.TxState.INCLUDED;
import static io.tickwire.transactions.TxState.PENDING;
import static io.tickwire.transactions.TxState.REPLACED;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The transaction lifecycle: every watched transaction's state, moved by what the chain shows.
 * Pure (no I/O, time passed in); not thread-safe.
 *
 * <pre>
 *   pending ──block──▶ included (1) ──block──▶ confirming (n) ──…──▶ confirmed (required)
 *      │                   │ receipt 0x0: failed
 *      ├─ same sender and nonce, other hash ─▶ replaced (replacedBy)
 *      └─ gone from the pool and nonce used, or unseen for dropAfterMs ─▶ dropped
 *   reorg: a transaction in a block that left the chain moves into its new block, or back to
 *   pending when no new block has it.
 * </pre>
 *
 * <p>Each operation answers the transitions it made, in order; each transition happens once.
 */
final class TxTracker {

  private final int required;
  private final long dropAfterMs;
  private final Map<String, TrackedTx> txs = new LinkedHashMap<>();
  /** Per user, the watched transactions it asked for; a user with none has no entry. */
  private final Map<String, Integer> watchesByUser = new HashMap<>();

  /**
   * @param required the confirmations that make a transaction confirmed (at least 1)
   * @param dropAfterMs how long a pending transaction may be missing from the pool
   */
  TxTracker(int required, long dropAfterMs) {
    if (required < 1) {
      throw new IllegalArgumentException("required confirmations must be at least 1");
    }
    this.required = required;
    this.dropAfterMs = dropAfterMs;
  }

  int required() {
    return required;
  }

  TrackedTx get(String hash) {
    return txs.get(hash);
  }

  int size() {
    return txs.size();
  }

  Collection<TrackedTx> all() {
    return txs.values();
  }

  /** How many of the watched transactions {@code user} asked for with {@code tx.watch}. */
  int watchesOf(String user) {
    return watchesByUser.getOrDefault(user, 0);
  }

  /** Whether {@code user} asked for {@code hash}, and it is still watched. */
  boolean watchedBy(String hash, String user) {
    TrackedTx tx = txs.get(hash);
    return tx != null && tx.watchers.contains(user);
  }

  /** Notes that {@code user} asked for {@code hash}, which must be watched already. */
  void addWatcher(String hash, String user) {
    TrackedTx tx = txs.get(hash);
    if (tx != null && tx.watchers.add(user)) {
      watchesByUser.merge(user, 1, Integer::sum);
    }
  }

  /**
   * Starts watching {@code hash}: the first transition ({@code fromState} null), or nothing when
   * it is watched already.
   *
   * @param known what the chain knows of it, {@code null} when nothing (it then counts as
   *     pending and missing since now)
   * @param receipt its receipt when it is in a block
   * @param head the newest block the monitor has processed
   */
  List<Transition> watch(String hash, ChainTx known, Receipt receipt, long head, long now) {
    TrackedTx tx = txs.get(hash);
    if (tx != null) {
      if (known != null && !tx.known()) {
        tx.details(known);
      }
      return List.of();
    }
    tx = new TrackedTx(hash);
    txs.put(hash, tx);
    if (known == null) {
      tx.missingSince = now;
      return List.of(move(tx, PENDING, null, null, 0, null, now));
    }
    tx.details(known);
    if (known.pending() || known.blockNumber() > head) {
      // Not in a block the monitor has processed yet: that block will include it.
      return List.of(move(tx, PENDING, null, null, 0, null, now));
    }
    return List.of(include(tx, known.blockNumber(), known.blockHash(), head, receipt, now));
  }

  /**
   * A transaction seen in the pool. It is watched from now on when it touches a watched wallet
   * or takes the nonce of a watched pending transaction (which is then replaced, or dropped if
   * it had already gone from the pool).
   */
  List<Transition> pendingSeen(ChainTx seen, boolean touchesWatched, long now) {
    TrackedTx tx = txs.get(seen.hash());
    if (tx != null) {
      tx.details(seen);
      if (tx.state == PENDING) {
        tx.missingSince = -1;
      }
      return List.of();
    }
    List<Transition> out = new ArrayList<>();
    displace(seen, nonceIndex(), now, out);
    if (touchesWatched || !out.isEmpty()) {
      tx = new TrackedTx(seen.hash());
      tx.details(seen);
      txs.put(tx.hash, tx);
      out.add(move(tx, PENDING, null, null, 0, null, now));
    }
    return out;
  }

  /**
   * The hashes in {@code block} whose receipts {@link #applyBlock} needs: those that are or will
   * be watched and are not yet in this block.
   */
  Set<String> receiptsNeeded(ChainBlock block, Predicate<String> watchedWallet) {
    Set<String> needed = new java.util.LinkedHashSet<>();
    for (ChainTx chainTx : block.transactions()) {
      TrackedTx tx = txs.get(chainTx.hash());
      if (tx == null ? touches(chainTx, watchedWallet) : !block.hash().equals(tx.blockHash)) {
        needed.add(chainTx.hash());
      }
    }
    return needed;
  }

  /**
   * The next canonical block: includes the watched transactions it holds (and starts watching
   * those touching a watched wallet), replaces those whose nonce it uses, and counts one more
   * confirmation for every transaction in an earlier block.
   *
   * @param receipts the receipts of {@link #receiptsNeeded}; a missing one counts as success
   */
  List<Transition> applyBlock(ChainBlock block, Map<String, Receipt> receipts,
      Predicate<String> watchedWallet, long now) {
    List<Transition> out = new ArrayList<>();
    Map<String, List<TrackedTx>> byNonce = nonceIndex();
    for (ChainTx chainTx : block.transactions()) {
      int before = out.size();
      displace(chainTx, byNonce, now, out);
      TrackedTx tx = txs.get(chainTx.hash());
      if (tx == null && (out.size() > before || touches(chainTx, watchedWallet))) {
        tx = new TrackedTx(chainTx.hash());
        txs.put(tx.hash, tx);
      }
      if (tx == null) {
        continue;
      }
      tx.details(chainTx);
      if (!block.hash().equals(tx.blockHash) || tx.orphaned) {
        out.add(include(tx, block.number(), block.hash(), block.number(),
            receipts.get(tx.hash), now));
      }
    }
    for (TrackedTx tx : txs.values()) {
      if (tx.orphaned || tx.blockNumber == null || tx.blockHash.equals(block.hash())
          || tx.state != INCLUDED && tx.state != CONFIRMING) {
        continue;
      }
      int confirmations = (int) (block.number() - tx.blockNumber + 1);
      if (confirmations > tx.confirmations) {
        out.add(move(tx, confirmations >= required ? CONFIRMED : CONFIRMING, tx.blockNumber,
            tx.blockHash, confirmations, null, now));
      }
    }
    return out;
  }

  /** The watched transactions the monitor should look for in the pool. */
  List<String> pendingHashes() {
    List<String> hashes = new ArrayList<>();
    txs.values().forEach(tx -> {
      if (tx.state == PENDING && !tx.orphaned) {
        hashes.add(tx.hash);
      }
    });
    return hashes;
  }

  /**
   * Whether a pending transaction is still in the pool ({@code found} non-null). One missing for
   * {@code dropAfterMs} is dropped.
   */
  Optional<Transition> presence(String hash, ChainTx found, long now) {
    TrackedTx tx = txs.get(hash);
    if (tx == null || tx.state != PENDING || tx.orphaned) {
      return Optional.empty();
    }
    if (found != null) {
      tx.details(found);
      tx.missingSince = -1;
      return Optional.empty();
    }
    if (tx.missingSince < 0) {
      tx.missingSince = now;
      return Optional.empty();
    }
    if (now - tx.missingSince >= dropAfterMs) {
      return Optional.of(move(tx, DROPPED, null, null, 0, null, now));
    }
    return Optional.empty();
  }

  /**
   * Blocks left the chain: their transactions wait for {@link #applyBlock} of the new blocks to
   * find them, then {@link #settleOrphans} moves the rest back to pending.
   */
  void orphan(Set<String> blockHashes) {
    for (TrackedTx tx : txs.values()) {
      if (tx.blockHash != null && blockHashes.contains(tx.blockHash)) {
        tx.orphaned = true;
      }
    }
  }

  /** After a reorg's new blocks: what no new block included is pending again. */
  List<Transition> settleOrphans(long now) {
    List<Transition> out = new ArrayList<>();
    for (TrackedTx tx : txs.values()) {
      if (tx.orphaned) {
        tx.orphaned = false;
        tx.missingSince = -1;
        out.add(move(tx, PENDING, null, null, 0, null, now));
      }
    }
    return out;
  }

  /** Forgets settled transactions unchanged for {@code retainMs}; answers how many. */
  int expire(long now, long retainMs) {
    int removed = 0;
    for (Iterator<TrackedTx> it = txs.values().iterator(); it.hasNext(); ) {
      TrackedTx tx = it.next();
      if (tx.state.settled() && !tx.orphaned && now - tx.changedAt >= retainMs) {
        it.remove();
        forgetWatchers(tx);
        removed++;
      }
    }
    return removed;
  }

  JsonArray toJson() {
    JsonArray array = new JsonArray();
    txs.values().forEach(tx -> array.add(tx.toJson()));
    return array;
  }

  void load(JsonArray array) {
    txs.clear();
    watchesByUser.clear();
    for (int i = 0; i < array.size(); i++) {
      TrackedTx tx = TrackedTx.fromJson(array.getJsonObject(i));
      txs.put(tx.hash, tx);
      tx.watchers.forEach(user -> watchesByUser.merge(user, 1, Integer::sum));
    }
  }

  private void forgetWatchers(TrackedTx tx) {
    // No entry is left for a user with no watches: nothing keyed by a user outlives its watches.
    tx.watchers.forEach(user -> watchesByUser.computeIfPresent(user,
        (name, count) -> count > 1 ? count - 1 : null));
  }

  /** The status of a transaction nobody watches, from what the chain says. */
  JsonObject statusOf(ChainTx tx, Receipt receipt, long head) {
    JsonObject status = new JsonObject().put("hash", tx.hash()).put("from", tx.from())
        .put("to", tx.to()).put("nonce", tx.nonce()).put("replacedBy", null)
        .put("watched", false);
    if (tx.pending() || tx.blockNumber() > head) {
      return status.put("state", PENDING.wire()).put("blockNumber", null).put("blockHash", null)
          .put("confirmations", 0);
    }
    int confirmations = (int) Math.max(1, head - tx.blockNumber() + 1);
    return status.put("state", stateOf(receipt, confirmations).wire())
        .put("blockNumber", tx.blockNumber()).put("blockHash", tx.blockHash())
        .put("confirmations", confirmations);
  }

  private TxState stateOf(Receipt receipt, int confirmations) {
    if (receipt != null && !receipt.success()) {
      return FAILED;
    }
    return confirmations >= required ? CONFIRMED : confirmations == 1 ? INCLUDED : CONFIRMING;
  }

  private Transition include(TrackedTx tx, long number, String blockHash, long head,
      Receipt receipt, long now) {
    tx.missingSince = -1;
    tx.orphaned = false;
    int confirmations = (int) Math.max(1, head - number + 1);
    return move(tx, stateOf(receipt, confirmations), number, blockHash, confirmations, null, now);
  }

  /** Watched transactions still waiting for a block, by sender and nonce. */
  private Map<String, List<TrackedTx>> nonceIndex() {
    Map<String, List<TrackedTx>> index = new HashMap<>();
    for (TrackedTx tx : txs.values()) {
      if ((tx.state == PENDING || tx.orphaned) && tx.known()) {
        index.computeIfAbsent(tx.from + ":" + tx.nonce, key -> new ArrayList<>()).add(tx);
      }
    }
    return index;
  }

  /** {@code other} takes the nonce of waiting transactions: they are replaced or dropped. */
  private void displace(ChainTx other, Map<String, List<TrackedTx>> byNonce, long now,
      List<Transition> out) {
    List<TrackedTx> waiting = byNonce.get(other.from() + ":" + other.nonce());
    if (waiting == null) {
      return;
    }
    for (Iterator<TrackedTx> it = waiting.iterator(); it.hasNext(); ) {
      TrackedTx tx = it.next();
      if (tx.hash.equals(other.hash())) {
        continue;
      }
      it.remove();
      tx.orphaned = false;
      // Gone from the pool before another transaction used its nonce: dropped, not replaced.
      out.add(tx.missingSince >= 0
          ? move(tx, DROPPED, null, null, 0, null, now)
          : move(tx, REPLACED, null, null, 0, other.hash(), now));
    }
  }

  private static boolean touches(ChainTx tx, Predicate<String> watchedWallet) {
    return watchedWallet.test(tx.from()) || tx.to() != null && watchedWallet.test(tx.to());
  }

  private Transition move(TrackedTx tx, TxState to, Long number, String blockHash,
      int confirmations, String replacedBy, long now) {
    Transition transition = new Transition(tx.hash, tx.from, tx.to, tx.state, to, number,
        blockHash, confirmations, replacedBy, tx.steps);
    tx.state = to;
    tx.blockNumber = number;
    tx.blockHash = blockHash;
    tx.confirmations = confirmations;
    tx.replacedBy = replacedBy;
    tx.steps++;
    tx.changedAt = now;
    return transition;
  }
}
