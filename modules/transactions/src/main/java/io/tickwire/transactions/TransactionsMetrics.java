package io.tickwire.transactions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transaction monitor's meters, {@code tickwire.tx.*}, and the figures of its health detail.
 * Updated on the monitor's event loop, read by the scrape and health threads.
 */
final class TransactionsMetrics {

  private final MeterRegistry registry;
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicLong head = new AtomicLong(-1);
  private final AtomicLong lastBlockAt = new AtomicLong();
  private final AtomicInteger watchedTransactions = new AtomicInteger();
  private final AtomicInteger watchedWallets = new AtomicInteger();
  private final AtomicInteger lookupsInFlight = new AtomicInteger();
  private final Counter blocks;
  private final Counter reorgs;
  private final Counter disconnects;
  private final Counter lookupsRefused;
  private final Counter lookupsCached;
  private final Map<TxState, Counter> transitions = new ConcurrentHashMap<>();

  TransactionsMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("tickwire.tx.chain.connected", connected, AtomicInteger::get)
        .description("1 while the chain source is connected, else 0").register(registry);
    Gauge.builder("tickwire.tx.head", head, AtomicLong::get)
        .description("The newest block processed").register(registry);
    Gauge.builder("tickwire.tx.watched.transactions", watchedTransactions, AtomicInteger::get)
        .description("Transactions watched").register(registry);
    Gauge.builder("tickwire.tx.watched.wallets", watchedWallets, AtomicInteger::get)
        .description("Wallets watched").register(registry);
    blocks = Counter.builder("tickwire.tx.blocks").description("Blocks processed")
        .register(registry);
    reorgs = Counter.builder("tickwire.tx.reorgs").description("Reorgs followed")
        .register(registry);
    disconnects = Counter.builder("tickwire.tx.chain.disconnects")
        .description("Times the chain source lost its node").register(registry);
    Gauge.builder("tickwire.tx.lookups.inflight", lookupsInFlight, AtomicInteger::get)
        .description("Lookups of clients' requests under way at the chain node")
        .register(registry);
    lookupsRefused = Counter.builder("tickwire.tx.lookups.refused")
        .description("Lookups refused with unavailable: transactions.maxLookupsInFlight reached")
        .register(registry);
    lookupsCached = Counter.builder("tickwire.tx.lookups.cached")
        .description("tx.get answers taken from a lookup under way or just made")
        .register(registry);
  }

  void lookupsInFlight(int count) {
    lookupsInFlight.set(count);
  }

  void lookupRefused() {
    lookupsRefused.increment();
  }

  void lookupCached() {
    lookupsCached.increment();
  }

  void connected(boolean up) {
    connected.set(up ? 1 : 0);
    if (!up) {
      disconnects.increment();
    }
  }

  boolean isConnected() {
    return connected.get() == 1;
  }

  void block(long number) {
    head.set(number);
    lastBlockAt.set(System.currentTimeMillis());
    blocks.increment();
  }

  long head() {
    return head.get();
  }

  long lastBlockAt() {
    return lastBlockAt.get();
  }

  void reorg() {
    reorgs.increment();
  }

  void transition(TxState to) {
    transitions.computeIfAbsent(to, state -> Counter.builder("tickwire.tx.transitions")
        .description("Transaction transitions published, by state reached")
        .tag("to", state.wire()).register(registry)).increment();
  }

  void watched(int transactions, int wallets) {
    watchedTransactions.set(transactions);
    watchedWallets.set(wallets);
  }

  int watchedTransactions() {
    return watchedTransactions.get();
  }

  int watchedWallets() {
    return watchedWallets.get();
  }
}
