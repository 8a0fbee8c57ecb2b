package io.tickwire.transactions;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers behind the monitor's request methods ({@link TxMethods}), given checked input: a
 * transaction's status, watching a transaction (within {@code transactions.maxWatchesPerUser}
 * and {@code maxWatchedTransactions}), watching and unwatching a wallet, a wallet's balances
 * (ether and the configured tokens) valued in USD.
 *
 * <p>What is watched is answered from memory; anything else is asked of the chain node through
 * the bounded {@link Lookups}. While the source is not connected, or before its first block,
 * what needs the chain fails with {@code unavailable}. A watch is answered once it is saved, so a
 * watch that was answered survives a crash. Confined to the monitor's event loop.
 */
final class TxQueries {

  private final TransactionsConfig config;
  private final ChainSource source;
  private final BlockWindow window;
  private final Watches watches;
  private final Balances balances;
  private final Lookups lookups;
  private final MonitorStore store;
  private final UsdPrices prices;

  TxQueries(TransactionsConfig config, ChainSource source, BlockWindow window, Watches watches,
      Balances balances, Lookups lookups, MonitorStore store, UsdPrices prices) {
    this.prices = prices;
    this.config = config;
    this.source = source;
    this.window = window;
    this.watches = watches;
    this.balances = balances;
    this.lookups = lookups;
    this.store = store;
  }

  /**
   * The status of a transaction, watched or not. A watched one is answered from the tracker;
   * others are looked up at the node, shared and briefly cached ({@link Lookups#cached}).
   */
  Future<JsonObject> status(String hash) {
    if (!available()) {
      return Future.failedFuture(unavailable());
    }
    TxTracker tracker = watches.tracker;
    TrackedTx watched = tracker.get(hash);
    if (watched != null) {
      return Future.succeededFuture(watched.status());
    }
    return lookups.cached(hash).map(found -> {
      TrackedTx tracked = tracker.get(hash);
      if (tracked != null) {
        return tracked.status();
      }
      if (found.tx() == null) {
        throw new ProtocolException(ErrorCode.NOT_FOUND, "the chain node does not know "
            + hash);
      }
      return tracker.statusOf(found.tx(), found.receipt(), window.head());
    });
  }

  /**
   * Starts watching a transaction for {@code user}; answers its status once the watch list that
   * holds it is saved.
   */
  Future<JsonObject> watchTransaction(String hash, String user) {
    TxTracker tracker = watches.tracker;
    if (tracker.watchedBy(hash, user)) {
      TrackedTx tracked = tracker.get(hash);
      return store.saved().map(ignored -> tracked.status());
    }
    ProtocolException refused = overLimit(hash, user);
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    if (tracker.get(hash) != null) {
      return added(hash, user);
    }
    if (!available()) {
      return Future.failedFuture(unavailable());
    }
    return lookups.fresh(hash).compose(found -> {
      // Other watches may have been added while the node was asked.
      ProtocolException late = overLimit(hash, user);
      if (late != null) {
        return Future.failedFuture(late);
      }
      watches.publish(tracker.watch(hash, found.tx(), found.receipt(), window.head(),
          watches.now()));
      return added(hash, user);
    });
  }

  private Future<JsonObject> added(String hash, String user) {
    watches.tracker.addWatcher(hash, user);
    TrackedTx tracked = watches.tracker.get(hash);
    return store.persist().map(ignored -> tracked.status());
  }

  /** Why {@code user} may not watch {@code hash} now, or {@code null}. */
  private ProtocolException overLimit(String hash, String user) {
    TxTracker tracker = watches.tracker;
    if (tracker.watchedBy(hash, user)) {
      return null;
    }
    int mine = tracker.watchesOf(user);
    if (mine >= config.maxWatchesPerUser()) {
      return new ProtocolException(ErrorCode.FORBIDDEN, "you watch " + mine
          + " transactions, the most allowed; each is forgotten "
          + "transactions.retainMs after it settled");
    }
    if (tracker.get(hash) == null && tracker.size() >= config.maxWatchedTransactions()) {
      return new ProtocolException(ErrorCode.FORBIDDEN,
          "the watch list is full (" + config.maxWatchedTransactions() + " transactions)");
    }
    return null;
  }

  /** {@code user} watches wallet {@code address} until unwatched; answers once saved. */
  Future<JsonObject> watchWallet(String address, String user) {
    boolean added = watches.wallets.watch(address, user);
    watches.counts();
    return store.persist().map(ignored -> new JsonObject().put("address", address)
        .put("watched", true).put("added", added));
  }

  /** {@code user} no longer watches wallet {@code address}; answers once saved. */
  Future<JsonObject> unwatchWallet(String address, String user) {
    boolean removed = watches.wallets.unwatch(address, user);
    watches.counts();
    return store.persist().map(ignored -> new JsonObject().put("address", address)
        .put("watched", false).put("removed", removed));
  }

  /**
   * The current balances of {@code address}, valued in USD ({@link UsdPrices#answer}): of a
   * watched wallet, what the monitor last saw; what it does not know yet (an unwatched wallet:
   * everything) is asked of the node as one bounded lookup ({@link Lookups#wallet}).
   */
  Future<JsonObject> balance(String address) {
    if (!available()) {
      return Future.failedFuture(unavailable());
    }
    long head = window.head();
    BigInteger known = balances.latest(address);
    Map<String, BigInteger> held = balances.tokens(address);
    Map<String, BigInteger> kept = known == null || held == null ? Map.of() : Map.copyOf(held);
    List<TokenConfig> missing = new ArrayList<>();
    for (TokenConfig token : config.tokens()) {
      if (!kept.containsKey(token.address())) {
        missing.add(token);
      }
    }
    return lookups.wallet(address, head, known, missing).map(read -> {
      Map<String, BigInteger> tokens = new HashMap<>(kept);
      tokens.putAll(read.tokens());
      return prices.answer(address, read.wei(), tokens, read.errors(), head);
    });
  }

  /** Whether the chain can be asked: connected, and a first block processed. */
  private boolean available() {
    return source.connected() && window.head() >= 0;
  }

  private static ProtocolException unavailable() {
    return new ProtocolException(ErrorCode.UNAVAILABLE,
        "the chain node is unreachable; reconnecting");
  }
}
