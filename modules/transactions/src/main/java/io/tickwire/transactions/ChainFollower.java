package io.tickwire.transactions;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the chain for the monitor: processes every block by number, in order — catching up
 * after a reconnect or a restart, at most {@code transactions.maxCatchUpBlocks} back — follows
 * reorgs, moves the watched transactions and the watched wallets' token transfers
 * ({@link TokenTransfers}, from each block's {@code Transfer} logs) with each block, has the
 * watched wallets' balances checked, and publishes heads, reorgs and the source's connection status on {@code blocks}.
 *
 * <p>Order: one sync at a time; heads that arrive meanwhile make one more. Everything a block
 * needs is fetched before anything changes, and the state is saved after each block. Confined to
 * the monitor's event loop, as are the {@link ChainSource.Listener} calls.
 */
final class ChainFollower implements ChainSource.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(ChainFollower.class);

  private final int maxCatchUpBlocks;
  private final ChainSource source;
  private final BlockWindow window;
  private final Watches watches;
  private final Balances balances;
  private final MonitorStore store;
  private final TxPublisher publisher;
  private final TransactionsMetrics metrics;
  private final Map<String, TokenConfig> tokens = new LinkedHashMap<>();
  private final TokenTransfers transfers;
  private boolean syncing;
  private boolean again;
  private boolean orphans;

  ChainFollower(int maxCatchUpBlocks, ChainSource source, BlockWindow window, Watches watches,
      Balances balances, MonitorStore store, TxPublisher publisher, TransactionsMetrics metrics,
      List<TokenConfig> tokens, TokenTransfers transfers) {
    this.maxCatchUpBlocks = maxCatchUpBlocks;
    this.source = source;
    this.window = window;
    this.watches = watches;
    this.balances = balances;
    this.store = store;
    this.publisher = publisher;
    this.metrics = metrics;
    tokens.forEach(token -> this.tokens.put(token.address(), token));
    this.transfers = transfers;
  }

  @Override
  public void connection(boolean connected) {
    metrics.connected(connected);
    publisher.status(source.kind(), connected);
    if (!connected) {
      return;
    }
    source.chainId().onComplete(id -> {
      if (store.adopt(id)) {
        balances.clear();
        transfers.clear();
      }
      watches.counts();
      requestSync();
    }, failure -> LOG.warn("cannot identify the chain: {}", failure.getMessage()));
  }

  @Override
  public void head(long number) {
    requestSync();
  }

  @Override
  public void pending(ChainTx tx) {
    List<Transition> transitions = watches.tracker.pendingSeen(tx,
        watches.watched(tx.from()) || tx.to() != null && watches.watched(tx.to()), watches.now());
    if (!transitions.isEmpty()) {
      watches.publish(transitions);
      store.persist();
    }
  }

  /** Runs one sync at a time; heads arriving meanwhile ask for one more. */
  private void requestSync() {
    // Until the chain is named, the stored blocks cannot be told ours or another chain's.
    if (store.chain() == null || !source.connected()) {
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
        long first = Math.max(from, head - maxCatchUpBlocks + 1);
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
      watches.tracker.orphan(new HashSet<>(oldHashes));
      transfers.orphan(new HashSet<>(oldHashes));
      balances.reorged();
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
      watches.publish(watches.tracker.settleOrphans(watches.now()));
      publishTransfers(transfers.settleOrphans(watches.now()));
      store.persist();
    }
    return Future.succeededFuture();
  }

  /** One new canonical block: everything it needs is fetched before anything changes. */
  private Future<Void> apply(ChainBlock block) {
    List<String> needed = new ArrayList<>(watches.tracker.receiptsNeeded(block,
        watches::watched));
    List<Future<Receipt>> fetches = new ArrayList<>();
    needed.forEach(hash -> fetches.add(source.receipt(hash)));
    Future<List<TokenLog>> logs = tokens.isEmpty() ? Future.succeededFuture(List.of())
        : source.transferLogs(block, tokens.keySet(), watches.wallets.addresses(watches.now()));
    return Future.all(Future.all(fetches), logs).compose(all -> {
      Map<String, Receipt> receipts = new HashMap<>();
      for (int i = 0; i < needed.size(); i++) {
        Receipt receipt = fetches.get(i).result();
        if (receipt != null) {
          receipts.put(needed.get(i), receipt);
        }
      }
      window.add(block.number(), block.hash());
      metrics.block(block.number());
      publisher.block(block);
      watches.publish(watches.tracker.applyBlock(block, receipts, watches::watched,
          watches.now()));
      Set<String> touched = new HashSet<>();
      logs.result().forEach(log -> {
        touched.add(log.from());
        touched.add(log.to());
      });
      publishTransfers(transfers.applyBlock(block.number(), block.hash(), logs.result(),
          window.oldestNumber(), watches.now()));
      // Pool and balance checks that fail are done again at the next block.
      return Future.join(presence(), balances.check(block.number(), touched)).otherwiseEmpty();
    }).onSuccess(ignored -> store.persist()).mapEmpty();
  }

  private void publishTransfers(List<TokenTransfers.Change> changes) {
    for (TokenTransfers.Change change : changes) {
      publisher.tokenTransfer(change, tokens.get(change.log().token()), watches::watched);
    }
  }

  /** Looks for the watched pending transactions in the pool. */
  private Future<Void> presence() {
    List<Future<?>> checks = new ArrayList<>();
    for (String hash : watches.tracker.pendingHashes()) {
      checks.add(source.transaction(hash).onSuccess(tx -> watches.tracker.presence(hash, tx,
          watches.now()).ifPresent(transition -> watches.publish(List.of(transition)))));
    }
    return Future.join(checks).mapEmpty();
  }
}
