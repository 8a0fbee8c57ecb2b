package io.tickwire.transactions;

import io.vertx.core.Future;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The balances of the watched wallets: checked at every processed block, published on
 * {@code wallet.<address>} when they changed ({@link TxPublisher#balance}), and given as a
 * snapshot to each new subscriber of that channel. Only watched wallets are kept; a check that
 * fails is simply made again at the next block. Confined to the monitor's event loop.
 */
final class Balances {

  private final ChainSource source;
  private final BlockWindow window;
  private final Watches watches;
  private final TxPublisher publisher;
  private final Map<String, BigInteger> latest = new HashMap<>();

  Balances(ChainSource source, BlockWindow window, Watches watches, TxPublisher publisher) {
    this.source = source;
    this.window = window;
    this.watches = watches;
    this.publisher = publisher;
  }

  /** Checks every watched wallet's balance at {@code number}; publishes those that changed. */
  Future<Void> check(long number) {
    List<Future<?>> checks = new ArrayList<>();
    for (String address : watches.wallets.addresses(watches.now())) {
      checks.add(source.balance(address, number).onSuccess(wei -> {
        if (!wei.equals(latest.put(address, wei))) {
          publisher.balance(address, wei, number, false);
        }
      }));
    }
    latest.keySet().removeIf(address -> !watches.watched(address));
    return Future.join(checks).mapEmpty();
  }

  /** A new subscriber of {@code wallet.<address>}: it gets the current balance first. */
  void subscriberJoined(String address) {
    BigInteger known = latest.get(address);
    long head = window.head();
    if (known != null) {
      publisher.balance(address, known, head, true);
      return;
    }
    if (!source.connected() || head < 0) {
      return;
    }
    source.balance(address, head).onSuccess(wei -> {
      latest.put(address, wei);
      publisher.balance(address, wei, head, true);
    });
  }

  /** The last balance seen of {@code address} when it is watched, else {@code null}. */
  BigInteger latest(String address) {
    return watches.watched(address) ? latest.get(address) : null;
  }

  /** Forgets every balance: they were of another chain. */
  void clear() {
    latest.clear();
  }
}
