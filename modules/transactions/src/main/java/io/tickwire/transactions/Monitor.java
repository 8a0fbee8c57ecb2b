package io.tickwire.transactions;

import io.vertx.core.Future;
import java.util.function.LongSupplier;

/**
 * The transaction monitor's parts, wired once: what is watched ({@link Watches}), its store
 * ({@link MonitorStore}), the chain follower ({@link ChainFollower}, the source's listener), the
 * wallets' balances ({@link Balances}) valued in USD ({@link UsdPrices}) and the request answers
 * ({@link TxQueries}), sharing one {@link BlockWindow} and one bounded {@link Lookups}. Confined
 * to the monitor verticle's event loop.
 */
final class Monitor {

  final Watches watches;
  final Balances balances;
  final ChainFollower follower;
  final TxQueries queries;
  final UsdPrices prices;
  private final MonitorStore store;
  private final TransactionsConfig config;

  Monitor(TransactionsConfig config, ChainSource source, WatchStore watchStore,
      TxPublisher publisher, TransactionsMetrics metrics, LongSupplier clock) {
    this.config = config;
    BlockWindow window = new BlockWindow(config.maxReorgDepth());
    this.watches = new Watches(new TxTracker(config.confirmations(), config.dropAfterMs()),
        new WatchList(config.watchGraceMs()), publisher, metrics, clock);
    this.store = new MonitorStore(watchStore, watches.tracker, watches.wallets, window);
    this.prices = new UsdPrices(config.nativePriceSymbol(), config.tokens());
    this.balances = new Balances(source, window, watches, publisher, config.tokens(), prices,
        new CallQueue(config.maxLookupsInFlight()));
    this.follower = new ChainFollower(config.maxCatchUpBlocks(), source, window, watches,
        balances, store, publisher, metrics, config.tokens(),
        new TokenTransfers(config.confirmations(), config.dropAfterMs(),
            config.maxWatchedTransactions()));
    this.queries = new TxQueries(config, source, window, watches, balances,
        new Lookups(source, config.maxLookupsInFlight(), config.lookupCacheSize(),
            config.lookupCacheMs(), clock, metrics), store, prices);
  }

  /** Reads the store; the source must not start before this completes. */
  Future<Void> load() {
    return store.load().onSuccess(ignored -> watches.counts());
  }

  /** Housekeeping: forgets old settled transactions and silent gateway instances. */
  void housekeeping() {
    long now = watches.now();
    int removed = watches.tracker.expire(now, config.retainMs());
    watches.wallets.forgetSilent(now - 3 * config.subscriberSyncMs(), now);
    watches.counts();
    if (removed > 0) {
      store.persist();
    }
  }

  /** Saves the state; see {@link MonitorStore#persist()}. */
  Future<Void> persist() {
    return store.persist();
  }
}
