package io.tickwire.transactions;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the chain for the transaction monitor: processes every block by number (catching up
 * after a reconnect or a restart), follows reorgs, moves the {@link TxTracker} and publishes
 * what changed, checks watched wallets' balances per block, and keeps the {@link WatchStore}
 * up to date. Confined to the monitor verticle's event loop.
 */
final class Monitor implements ChainSource.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
  private static final int STORE_VERSION = 1;

  final TxTracker tracker;
  final WatchList wallets;
  private final TransactionsConfig config;
  private final ChainSource source;
  private final WatchStore store;
  private final TxPublisher publisher;
  private final TransactionsMetrics metrics;
  private final LongSupplier clock;
  private final BlockWindow window;
  private final Lookups lookups;
  private final Map<String, BigInteger> balances = new HashMap<>();
  private JsonObject stored = new JsonObject();
  private String chain;
  private boolean syncing;
  private boolean again;
  private boolean orphans;
  private Future<Void> saving = Future.succeededFuture();
  private Promise<Void> nextSave;
  private Future<Void> lastPersist = Future.succeededFuture();

  Monitor(TransactionsConfig config, ChainSource source, WatchStore store, TxPublisher publisher,
      TransactionsMetrics metrics, LongSupplier clock) {
    this.config = config;
    this.source = source;
    this.store = store;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
    this.tracker = new TxTracker(config.confirmations(), config.dropAfterMs());
    this.wallets = new WatchList(config.watchGraceMs());
    this.window = new BlockWindow(config.maxReorgDepth());
    this.lookups = new Lookups(source, config.maxLookupsInFlight(), config.lookupCacheSize(),
        config.lookupCacheMs(), clock, metrics);
  }

  /** Reads the store: the watched wallets at once, the rest once the chain is known to match. */
  Future<Void> load() {
    return store.load().map(document -> {
      stored = document;
      wallets.load(document.getJsonObject("wallets", new JsonObject()));
      counts();
      return null;
    });
  }

  ChainSource source() {
    return source;
  }

  /** The newest processed block, or -1 before the first. */
  long head() {
    return window.isEmpty() ? -1 : window.tipNumber();
  }

  boolean watched(String address) {
    return wallets.watched(address, clock.getAsLong());
  }

  long now() {
    return clock.getAsLong();
  }

  @Override
  public void connection(boolean connected) {
    metrics.connected(connected);
    publisher.status(source.kind(), connected);
    if (!connected) {
      return;
    }
    source.chainId().onComplete(id -> {
      adopt(id);
      requestSync();
    }, failure -> LOG.warn("cannot identify the chain: {}", failure.getMessage()));
  }

  @Override
  public void head(long number) {
    requestSync();
  }

  @Override
  public void pending(ChainTx tx) {
    List<Transition> transitions = tracker.pendingSeen(tx,
        watched(tx.from()) || tx.to() != null && watched(tx.to()), now());
    if (!transitions.isEmpty()) {
      publish(transitions);
      persist();
    }
  }

  /** The store's transactions and blocks belong to this chain only. */
  private void adopt(String id) {
    if (id.equals(chain)) {
      return;
    }
    if (chain == null && id.equals(stored.getString("chain"))) {
      tracker.load(stored.getJsonArray("transactions", new JsonArray()));
      window.load(stored.getJsonArray("blocks", new JsonArray()));
      LOG.info("resuming chain {} after block {}", id, head());
    } else if (chain != null || stored.containsKey("chain")) {
      LOG.warn("the chain source is another chain ({}); watched transactions start anew", id);
      tracker.load(new JsonArray());
      window.load(new JsonArray());
      balances.clear();
    }
    chain = id;
    stored = new JsonObject();
    counts();
  }

  /** Runs one sync at a time; heads arriving meanwhile ask for one more. */
  void requestSync() {
    if (chain == null || !source.connected()) {
      return;
    }
    if (syncing) {
      again = true;
      return;
    }
    syncing = true;
    sync().onComplete(ignored -> {
      syncing = false;
      if (again) {
        again = false;
        requestSync();
      }
    }, failure -> {
      syncing = false;
      again = false;
      LOG.debug("sync stopped: {}", failure.getMessage());
    });
  }

  private Future<Void> sync() {
    return source.blockNumber().compose(head -> {
      if (window.isEmpty()) {
        return step(head, head);
      }
      long tip = window.tipNumber();
      Future<Long> start = head <= tip ? verify(head) : Future.succeededFuture(tip + 1);
      return start.compose(from -> {
        long first = Math.max(from, head - config.maxCatchUpBlocks() + 1);
        if (first > from) {
          LOG.warn("{} blocks behind: skipping blocks {} to {} (transactions.maxCatchUpBlocks)",
              head - from + 1, from, first - 1);
        }
        return step(first, head);
      });
    }).compose(ignored -> settle());
  }

  /** The chain is not ahead of us: is the block at {@code head} still ours? */
  private Future<Long> verify(long head) {
    return source.block(head).compose(block -> {
      String ours = window.hashAt(head);
      if (block == null || ours == null || ours.equals(block.hash())) {
        return Future.succeededFuture(window.tipNumber() + 1);
      }
      return reorg(head).map(fork -> fork + 1);
    });
  }

  /** Processes blocks {@code number} to {@code head}, one by one. */
  private Future<Void> step(long number, long head) {
    if (number > head) {
      return Future.succeededFuture();
    }
    return source.block(number).compose(block -> {
      if (block == null) {
        return Future.succeededFuture();
      }
      String parent = window.hashAt(number - 1);
      if (parent != null && !parent.equals(block.parentHash())) {
        return reorg(number - 1).compose(fork -> step(fork + 1, head));
      }
      return apply(block).compose(ignored -> step(number + 1, head));
    });
  }

  /**
   * Our block {@code number} is no longer canonical: finds where the chains meet, forgets our
   * blocks after it and announces the reorg. Answers the fork's number.
   */
  private Future<Long> reorg(long number) {
    List<String> newHashes = new ArrayList<>();
    return fork(number, newHashes).map(fork -> {
      List<String> oldHashes = window.rollbackTo(fork);
      tracker.orphan(new HashSet<>(oldHashes));
      orphans = true;
      metrics.reorg();
      LOG.info("reorg of depth {} after block {}", oldHashes.size(), fork);
      publisher.reorg(fork, oldHashes, newHashes);
      return fork;
    });
  }

  private Future<Long> fork(long number, List<String> newHashes) {
    String ours = window.hashAt(number);
    if (ours == null) {
      // Deeper than we remember: everything remembered above it is replaced.
      return Future.succeededFuture(number);
    }
    return source.block(number).compose(block -> {
      if (block != null && block.hash().equals(ours)) {
        return Future.succeededFuture(number);
      }
      newHashes.add(0, block == null ? null : block.hash());
      return fork(number - 1, newHashes);
    });
  }

  /** After the new blocks of a reorg: what none of them included is pending again. */
  private Future<Void> settle() {
    if (orphans) {
      orphans = false;
      publish(tracker.settleOrphans(now()));
      persist();
    }
    return Future.succeededFuture();
  }

  /** One new canonical block: everything it needs is fetched before anything changes. */
  private Future<Void> apply(ChainBlock block) {
    List<String> needed = new ArrayList<>(tracker.receiptsNeeded(block, this::watched));
    List<Future<Receipt>> fetches = new ArrayList<>();
    needed.forEach(hash -> fetches.add(source.receipt(hash)));
    return Future.all(fetches).compose(fetched -> {
      Map<String, Receipt> receipts = new HashMap<>();
      for (int i = 0; i < needed.size(); i++) {
        Receipt receipt = fetched.resultAt(i);
        if (receipt != null) {
          receipts.put(needed.get(i), receipt);
        }
      }
      window.add(block.number(), block.hash());
      metrics.block(block.number());
      publisher.block(block);
      publish(tracker.applyBlock(block, receipts, this::watched, now()));
      // Pool and balance checks that fail are done again at the next block.
      return Future.join(presence(), balances(block.number())).otherwiseEmpty();
    }).onSuccess(ignored -> persist()).mapEmpty();
  }

  /** Looks for the watched pending transactions in the pool. */
  private Future<Void> presence() {
    List<Future<?>> checks = new ArrayList<>();
    for (String hash : tracker.pendingHashes()) {
      checks.add(source.transaction(hash).onSuccess(tx ->
          tracker.presence(hash, tx, now()).ifPresent(transition -> publish(List.of(transition)))));
    }
    return Future.join(checks).mapEmpty();
  }

  /** Checks every watched wallet's balance at {@code number}; publishes those that changed. */
  private Future<Void> balances(long number) {
    List<Future<?>> checks = new ArrayList<>();
    for (String address : wallets.addresses(now())) {
      checks.add(source.balance(address, number).onSuccess(wei -> {
        if (!wei.equals(balances.put(address, wei))) {
          publisher.balance(address, wei, number, false);
        }
      }));
    }
    balances.keySet().removeIf(address -> !watched(address));
    return Future.join(checks).mapEmpty();
  }

  /** A new subscriber of {@code wallet.<address>}: it gets the current balance first. */
  void subscriberJoined(String address) {
    BigInteger known = balances.get(address);
    long head = head();
    if (known != null) {
      publisher.balance(address, known, head, true);
      return;
    }
    if (!source.connected() || head < 0) {
      return;
    }
    source.balance(address, head).onSuccess(wei -> {
      balances.put(address, wei);
      publisher.balance(address, wei, head, true);
    });
  }

  /** The current balance of {@code address}: the last one seen if watched, else asked. */
  Future<JsonObject> balance(String address) {
    if (!source.connected() || head() < 0) {
      return Future.failedFuture(unavailable());
    }
    long head = head();
    BigInteger known = watched(address) ? balances.get(address) : null;
    Future<BigInteger> wei = known != null ? Future.succeededFuture(known)
        : lookups.balance(address, head);
    return wei.map(value -> new JsonObject().put("address", address)
        .put("balance", value.toString()).put("blockNumber", head));
  }

  /**
   * Starts watching a transaction for {@code user}; answers its status once the watch list that
   * holds it is saved, so a watch that was answered survives a crash.
   */
  Future<JsonObject> watchTransaction(String hash, String user) {
    if (tracker.watchedBy(hash, user)) {
      TrackedTx tracked = tracker.get(hash);
      return saved().map(ignored -> tracked.status());
    }
    ProtocolException refused = overLimit(hash, user);
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    if (tracker.get(hash) != null) {
      return added(hash, user);
    }
    if (!source.connected() || head() < 0) {
      return Future.failedFuture(unavailable());
    }
    return lookups.fresh(hash).compose(found -> {
      // Other watches may have been added while the node was asked.
      ProtocolException late = overLimit(hash, user);
      if (late != null) {
        return Future.failedFuture(late);
      }
      publish(tracker.watch(hash, found.tx(), found.receipt(), head(), now()));
      return added(hash, user);
    });
  }

  private Future<JsonObject> added(String hash, String user) {
    tracker.addWatcher(hash, user);
    TrackedTx tracked = tracker.get(hash);
    return persist().map(ignored -> tracked.status());
  }

  /** Why {@code user} may not watch {@code hash} now, or {@code null}. */
  private ProtocolException overLimit(String hash, String user) {
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

  /**
   * The status of a transaction, watched or not. A watched one is answered from the tracker;
   * others are looked up at the node, shared and briefly cached ({@link Lookups#cached}).
   */
  Future<JsonObject> status(String hash) {
    if (!source.connected() || head() < 0) {
      return Future.failedFuture(unavailable());
    }
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
      return tracker.statusOf(found.tx(), found.receipt(), head());
    });
  }

  private static ProtocolException unavailable() {
    return new ProtocolException(ErrorCode.UNAVAILABLE,
        "the chain node is unreachable; reconnecting");
  }

  /** Housekeeping: forgets old settled transactions and silent gateway instances. */
  void housekeeping() {
    long now = now();
    int removed = tracker.expire(now, config.retainMs());
    wallets.forgetSilent(now - 3 * config.subscriberSyncMs(), now);
    counts();
    if (removed > 0) {
      persist();
    }
  }

  void publish(List<Transition> transitions) {
    for (Transition transition : transitions) {
      metrics.transition(transition.toState());
      publisher.transition(transition, this::watched);
    }
    counts();
  }

  void counts() {
    metrics.watched(tracker.size(), wallets.addresses(now()).size());
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
  private Future<Void> saved() {
    return lastPersist.recover(failure -> persist());
  }

  private JsonObject document() {
    JsonObject document = new JsonObject().put("version", STORE_VERSION)
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
