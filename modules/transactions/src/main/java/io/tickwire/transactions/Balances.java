package io.tickwire.transactions;

import io.vertx.core.Future;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The balances of the watched wallets — the native one and those of the configured tokens —
 * published on {@code wallet.<address>} when they changed ({@link TxPublisher#balance}), valued
 * in USD ({@link UsdPrices}), and given as a snapshot to each new subscriber of that channel.
 * The native balance is checked at every processed block; the token balances ({@code balanceOf},
 * through a {@link CallQueue}) at subscribe, when the wallet's native balance changed, when a
 * block holds a {@code Transfer} of a followed token from or to it, after a reorg, and until
 * first known; a token whose {@code balanceOf} failed is read again, alone, at the next block.
 * Only watched wallets are kept; a check that fails is simply made again at the next block.
 * Confined to the monitor's event loop.
 */
final class Balances {

  private final ChainSource source;
  private final BlockWindow window;
  private final Watches watches;
  private final TxPublisher publisher;
  private final List<TokenConfig> tokens;
  private final UsdPrices prices;
  private final CallQueue calls;
  private final Map<String, BigInteger> latest = new HashMap<>();
  /** Per watched wallet, its token balances once all were read. */
  private final Map<String, Map<String, BigInteger>> held = new HashMap<>();
  /** Wallets whose token balances a reorg may have changed: read again at the next block. */
  private final Set<String> stale = new HashSet<>();
  /** Per wallet, the tokens whose last {@code balanceOf} failed: read again at the next block. */
  private final Map<String, Set<String>> failed = new HashMap<>();

  Balances(ChainSource source, BlockWindow window, Watches watches, TxPublisher publisher,
      List<TokenConfig> tokens, UsdPrices prices, CallQueue calls) {
    this.source = source;
    this.window = window;
    this.watches = watches;
    this.publisher = publisher;
    this.tokens = List.copyOf(tokens);
    this.prices = prices;
    this.calls = calls;
  }

  /**
   * Checks every watched wallet's balance at {@code number}, and the token balances of those
   * {@code touched} by a token transfer in it; publishes those that changed.
   */
  Future<Void> check(long number, Set<String> touched) {
    List<Future<?>> checks = new ArrayList<>();
    for (String address : watches.wallets.addresses(watches.now())) {
      checks.add(source.balance(address, number).compose(wei -> {
        boolean changed = !wei.equals(latest.put(address, wei));
        boolean allDue = !tokens.isEmpty()
            && (changed || touched.contains(address) || !held.containsKey(address)
                || stale.contains(address));
        Set<String> retry = failed.getOrDefault(address, Set.of());
        Future<Boolean> tokenCheck = allDue ? readTokens(address, number, tokens)
            : !retry.isEmpty() ? readTokens(address, number, retrying(retry))
            : Future.succeededFuture(false);
        return tokenCheck.map(tokensChanged -> {
          if (changed || tokensChanged) {
            publish(address, number, false);
          }
          return null;
        });
      }));
    }
    latest.keySet().removeIf(address -> !watches.watched(address));
    held.keySet().removeIf(address -> !watches.watched(address));
    stale.retainAll(held.keySet());
    failed.keySet().retainAll(held.keySet());
    return Future.join(checks).mapEmpty();
  }

  /** A new subscriber of {@code wallet.<address>}: it gets the current balances first. */
  void subscriberJoined(String address) {
    BigInteger known = latest.get(address);
    long head = window.head();
    if (known != null && (tokens.isEmpty() || held.containsKey(address))) {
      publish(address, head, true);
      return;
    }
    if (!source.connected() || head < 0) {
      return;
    }
    Future<BigInteger> wei = known != null ? Future.succeededFuture(known)
        : source.balance(address, head);
    wei.compose(value -> {
      latest.put(address, value);
      return tokens.isEmpty() ? Future.succeededFuture(false)
          : readTokens(address, head, tokens);
    }).onSuccess(ignored -> publish(address, head, true));
  }

  /** The last balance seen of {@code address} when it is watched, else {@code null}. */
  BigInteger latest(String address) {
    return watches.watched(address) ? latest.get(address) : null;
  }

  /** The last token balances seen of {@code address} when it is watched, else {@code null}. */
  Map<String, BigInteger> tokens(String address) {
    return watches.watched(address) ? held.get(address) : null;
  }

  /** A reorg: every token balance is read again at the next block. */
  void reorged() {
    stale.addAll(held.keySet());
  }

  /** Forgets every balance: they were of another chain. */
  void clear() {
    latest.clear();
    held.clear();
    stale.clear();
    failed.clear();
  }

  /** The configured tokens among {@code addresses}, in configured order. */
  private List<TokenConfig> retrying(Set<String> addresses) {
    List<TokenConfig> some = new ArrayList<>();
    for (TokenConfig token : tokens) {
      if (addresses.contains(token.address())) {
        some.add(token);
      }
    }
    return some;
  }

  /**
   * Reads the balances of {@code which} tokens of {@code address} (all of them, or only those
   * whose last read failed); answers whether one changed. A token whose {@code balanceOf} fails
   * (not an ERC-20, a node error) keeps its last known balance, or is left out until known, and
   * is read again at the next block, alone: it never holds up the others or the native balance.
   */
  private Future<Boolean> readTokens(String address, long number, List<TokenConfig> which) {
    boolean all = which.size() == tokens.size();
    List<Future<BigInteger>> reads = new ArrayList<>();
    for (TokenConfig token : which) {
      reads.add(calls.submit(() -> source.tokenBalance(token.address(), address, number))
          .otherwise((BigInteger) null));
    }
    return Future.all(reads).map(results -> {
      Map<String, BigInteger> before = held.getOrDefault(address, Map.of());
      // A partial read keeps the balances of the tokens it did not read.
      Map<String, BigInteger> now = all ? new HashMap<>() : new HashMap<>(before);
      Set<String> failing = all ? new HashSet<>()
          : new HashSet<>(failed.getOrDefault(address, Set.of()));
      for (int i = 0; i < which.size(); i++) {
        String token = which.get(i).address();
        BigInteger raw = results.resultAt(i);
        if (raw == null) {
          failing.add(token);
          raw = before.get(token);
        } else {
          failing.remove(token);
        }
        if (raw != null) {
          now.put(token, raw);
        }
      }
      if (all) {
        stale.remove(address);
      }
      if (failing.isEmpty()) {
        failed.remove(address);
      } else {
        failed.put(address, failing);
      }
      if (!watches.watched(address) && !latest.containsKey(address)) {
        return false;
      }
      return !now.equals(held.put(address, now));
    });
  }

  private void publish(String address, long number, boolean snapshot) {
    BigInteger wei = latest.get(address);
    if (wei == null) {
      return;
    }
    publisher.balance(address, prices.balance(address, wei,
        held.getOrDefault(address, Map.of()), number, snapshot));
  }
}
