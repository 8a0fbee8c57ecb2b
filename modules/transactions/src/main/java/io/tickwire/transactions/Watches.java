package io.tickwire.transactions;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * What the monitor watches — transactions ({@link TxTracker}) and wallets ({@link WatchList}) —
 * on one clock, and the one way their changes go out: every transition is metered, then
 * published ({@link TxPublisher#transition}) in the order given, and the watched counts on the
 * gauges follow each change. Shared by the chain follower, the balances and the queries; confined
 * to the monitor's event loop.
 */
final class Watches {

  final TxTracker tracker;
  final WatchList wallets;
  private final TxPublisher publisher;
  private final TransactionsMetrics metrics;
  private final LongSupplier clock;

  Watches(TxTracker tracker, WatchList wallets, TxPublisher publisher,
      TransactionsMetrics metrics, LongSupplier clock) {
    this.tracker = tracker;
    this.wallets = wallets;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
  }

  long now() {
    return clock.getAsLong();
  }

  /** Whether {@code address} is a watched wallet now. */
  boolean watched(String address) {
    return wallets.watched(address, now());
  }

  /** Meters and publishes {@code transitions}, in order; then updates the counts. */
  void publish(List<Transition> transitions) {
    for (Transition transition : transitions) {
      metrics.transition(transition.toState());
      publisher.transition(transition, this::watched);
    }
    counts();
  }

  /** Puts the numbers of watched transactions and wallets on the gauges. */
  void counts() {
    metrics.watched(tracker.size(), wallets.addresses(now()).size());
  }
}
