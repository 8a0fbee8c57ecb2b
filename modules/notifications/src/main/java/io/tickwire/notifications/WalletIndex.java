package io.tickwire.notifications;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The active wallet rules, indexed per address — and per token for balance rules that name one
 * (a wallet's native balance and each token balance are separate series): balance levels in
 * sorted maps (a balance change
 * fires the levels between the old and the new balance, as {@link PriceIndex} does for prices;
 * a new rule fires on the next balance when its condition already holds), and
 * {@code tx_status} rules by status. A transaction's firing id carries its hash and status, so
 * the same transition seen twice records one notification. Not thread-safe.
 */
final class WalletIndex {

  private final Map<String, Wallet> wallets = new HashMap<>();
  private final Map<String, Armed> byId = new HashMap<>();

  void add(Rule rule) {
    RuleSpec spec = rule.spec();
    remove(rule.id());
    Armed armed = new Armed(rule);
    byId.put(rule.id(), armed);
    Wallet wallet = wallets.computeIfAbsent(key(spec.address(), spec.token()),
        ignored -> new Wallet());
    switch (spec.condition()) {
      case BALANCE_ABOVE, BALANCE_BELOW -> wallet.fresh.put(rule.id(), armed);
      case TX_STATUS -> Armed.put(wallet.statuses, spec.status(), armed);
      default -> throw new IllegalArgumentException("not a wallet rule: " + spec.condition());
    }
  }

  boolean remove(String id) {
    Armed armed = byId.remove(id);
    if (armed == null) {
      return false;
    }
    Wallet wallet = wallets.get(key(armed.spec.address(), armed.spec.token()));
    wallet.fresh.remove(id);
    if (armed.spec.amount() != null) {
      Armed.drop(wallet.above, armed.spec.amount(), armed);
      Armed.drop(wallet.below, armed.spec.amount(), armed);
    }
    if (armed.spec.status() != null) {
      Armed.drop(wallet.statuses, armed.spec.status(), armed);
    }
    return true;
  }

  /** The indexed rule with its firing state, or {@code null}. */
  Armed armed(String id) {
    return byId.get(id);
  }

  boolean contains(String id) {
    return byId.containsKey(id);
  }

  int size() {
    return byId.size();
  }

  /** Feeds a wallet's new native balance (wei) at event time {@code ts}. */
  void onBalance(String address, BigInteger balance, long ts, Consumer<Fired> fired) {
    onBalance(address, null, balance, ts, fired);
  }

  /**
   * Feeds a wallet's new balance of {@code token} (its contract, lower case; {@code null} for the
   * native balance) at event time {@code ts}.
   */
  void onBalance(String address, String token, BigInteger balance, long ts,
      Consumer<Fired> fired) {
    Wallet wallet = wallets.get(key(address, token));
    if (wallet == null) {
      return;
    }
    BigInteger previous = wallet.last;
    wallet.last = balance;
    List<Armed> finished = new ArrayList<>(0);
    if (previous != null) {
      int direction = balance.compareTo(previous);
      if (direction > 0) {
        fireRange(wallet.above.subMap(previous, false, balance, true), address, balance,
            previous, ts, fired, finished);
      } else if (direction < 0) {
        fireRange(wallet.below.subMap(balance, true, previous, false), address, balance,
            previous, ts, fired, finished);
      }
    }
    for (Armed armed : wallet.fresh.values()) {
      boolean above = armed.spec.condition() == Condition.BALANCE_ABOVE;
      int compared = balance.compareTo(armed.spec.amount());
      if ((above ? compared >= 0 : compared <= 0) && armed.mayFire(ts)) {
        fired.accept(armed.fire(ts, null, balanceFacts(address, balance, previous, armed)));
      }
      if (armed.done) {
        finished.add(armed);
      } else {
        Armed.put(above ? wallet.above : wallet.below, armed.spec.amount(), armed);
      }
    }
    wallet.fresh.clear();
    finished.forEach(armed -> remove(armed.id()));
  }

  /**
   * Feeds a transaction transition ({@code {hash, from, to, fromState, toState, …}}): fires the
   * {@code tx_status} rules of its sender and receiver that wait for {@code toState}.
   */
  void onTransition(JsonObject event, long ts, Consumer<Fired> fired) {
    String hash = event.getString("hash");
    String status = event.getString("toState");
    if (hash == null || status == null) {
      return;
    }
    Set<String> addresses = new LinkedHashSet<>(2);
    for (String field : new String[] {"from", "to"}) {
      String address = event.getString(field);
      if (address != null) {
        addresses.add(address.toLowerCase(java.util.Locale.ROOT));
      }
    }
    List<Armed> finished = new ArrayList<>(0);
    for (String address : addresses) {
      Wallet wallet = wallets.get(key(address, null));
      List<Armed> watching = wallet == null ? null : wallet.statuses.get(status);
      if (watching == null) {
        continue;
      }
      for (Armed armed : watching) {
        if (armed.mayFire(ts)) {
          JsonObject facts = new JsonObject().put("address", address).put("hash", hash)
              .put("status", status).put("fromState", event.getString("fromState"))
              .put("from", event.getString("from")).put("to", event.getString("to"))
              .put("blockNumber", event.getValue("blockNumber"))
              .put("replacedBy", event.getString("replacedBy"));
          fired.accept(armed.fire(ts, armed.id() + ":" + hash + ":" + status, facts));
          if (armed.done) {
            finished.add(armed);
          }
        }
      }
    }
    finished.forEach(armed -> remove(armed.id()));
  }

  private static void fireRange(NavigableMap<BigInteger, List<Armed>> range, String address,
      BigInteger balance, BigInteger previous, long ts, Consumer<Fired> fired,
      List<Armed> finished) {
    for (List<Armed> bucket : range.values()) {
      for (Armed armed : bucket) {
        if (armed.mayFire(ts)) {
          fired.accept(armed.fire(ts, null, balanceFacts(address, balance, previous, armed)));
          if (armed.done) {
            finished.add(armed);
          }
        }
      }
    }
  }

  /** The index key of a wallet's native balance ({@code token} null) or of a token balance. */
  private static String key(String address, String token) {
    return token == null ? address : address + "|" + token;
  }

  private static JsonObject balanceFacts(String address, BigInteger balance, BigInteger previous,
      Armed armed) {
    JsonObject facts = new JsonObject().put("address", address)
        .put("balance", balance.toString()).put("amount", armed.spec.amount().toString());
    if (armed.spec.token() != null) {
      facts.put("token", armed.spec.token());
    }
    if (previous != null) {
      facts.put("previous", previous.toString());
    }
    return facts;
  }

  private static final class Wallet {
    BigInteger last;
    final TreeMap<BigInteger, List<Armed>> above = new TreeMap<>();
    final TreeMap<BigInteger, List<Armed>> below = new TreeMap<>();
    final Map<String, Armed> fresh = new LinkedHashMap<>();
    final Map<String, List<Armed>> statuses = new HashMap<>();
  }
}
