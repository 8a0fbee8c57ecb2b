package io.tickwire.transactions;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Future;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What clients make the monitor ask the chain node ({@code tx.get}, {@code tx.watch},
 * {@code wallets.balance}), bounded: at most {@code maxInFlight} lookups at once — each has one
 * upstream call in flight at a time (a wallet's balances: the native one, then each token's in
 * turn), so that also bounds the calls — and one more is refused at
 * once with {@code unavailable}. {@code tx.get}'s lookups are shared: one that is under way
 * answers every caller of the same hash, and its answer is kept for {@code cacheMs} in a cache of
 * at most {@code cacheSize} hashes (the oldest go first). Confined to the monitor's event loop.
 */
final class Lookups {

  /** What the chain node says of a hash: the transaction ({@code null}: unknown) and receipt. */
  record Found(ChainTx tx, Receipt receipt) {
  }

  /** A shared lookup: under way until answered, then kept until {@code expiresAt}. */
  private static final class Cached {
    final Future<Found> answer;
    long expiresAt = Long.MAX_VALUE;

    Cached(Future<Found> answer) {
      this.answer = answer;
    }
  }

  private final ChainSource source;
  private final int maxInFlight;
  private final int cacheSize;
  private final long cacheMs;
  private final LongSupplier clock;
  private final TransactionsMetrics metrics;
  private final Map<String, Cached> cache;
  private int inFlight;

  Lookups(ChainSource source, int maxInFlight, int cacheSize, long cacheMs, LongSupplier clock,
      TransactionsMetrics metrics) {
    this.source = source;
    this.maxInFlight = maxInFlight;
    this.cacheSize = cacheSize;
    this.cacheMs = cacheMs;
    this.clock = clock;
    this.metrics = metrics;
    this.cache = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
        return size() > cacheSize;
      }
    };
  }

  /** {@code hash} as the node knows it now (for {@code tx.watch}: never from the cache). */
  Future<Found> fresh(String hash) {
    return bounded(() -> source.transaction(hash).compose(tx -> tx == null || tx.pending()
        ? Future.succeededFuture(new Found(tx, null))
        : source.receipt(hash).map(receipt -> new Found(tx, receipt))));
  }

  /** {@code hash} as the node knew it at most {@code cacheMs} ago (for {@code tx.get}). */
  Future<Found> cached(String hash) {
    long now = clock.getAsLong();
    Cached known = cache.get(hash);
    if (known != null && (!known.answer.isComplete() || known.expiresAt > now)) {
      metrics.lookupCached();
      return known.answer;
    }
    Future<Found> answer = fresh(hash);
    if (cacheMs == 0 || cacheSize == 0 || answer.failed()) {
      return answer;
    }
    // Shared while under way, kept for cacheMs once answered; a failure is not kept.
    Cached entry = new Cached(answer);
    cache.put(hash, entry);
    answer.onComplete(found -> entry.expiresAt = clock.getAsLong() + cacheMs,
        failure -> cache.remove(hash, entry));
    return answer;
  }

  /**
   * A wallet's balances at block {@code number} as far as they were read: the native one, the
   * tokens' that answered, and for each token that did not, why.
   */
  record WalletBalances(BigInteger wei, Map<String, BigInteger> tokens,
      Map<String, String> errors) {
  }

  /**
   * The balances of {@code address} at block {@code number} asked of the node as one lookup: the
   * native one ({@code eth_getBalance}) unless {@code knownWei} is given, then one
   * {@code balanceOf} per token of {@code tokens}, one call after the other. A failing native
   * balance fails the lookup; a failing token call only leaves that token out, with its error.
   * Nothing to ask answers at once, without counting as a lookup.
   */
  Future<WalletBalances> wallet(String address, long number, BigInteger knownWei,
      List<TokenConfig> tokens) {
    if (knownWei != null && tokens.isEmpty()) {
      return Future.succeededFuture(new WalletBalances(knownWei, Map.of(), Map.of()));
    }
    return bounded(() -> {
      Future<BigInteger> wei = knownWei != null ? Future.succeededFuture(knownWei)
          : source.balance(address, number);
      return wei.compose(value -> {
        WalletBalances read = new WalletBalances(value, new HashMap<>(), new HashMap<>());
        return readTokens(read, address, number, tokens.iterator()).map(read);
      });
    });
  }

  /** Reads the next token's balance into {@code read}, then the rest, one at a time. */
  private Future<Void> readTokens(WalletBalances read, String address, long number,
      Iterator<TokenConfig> tokens) {
    if (!tokens.hasNext()) {
      return Future.succeededFuture();
    }
    TokenConfig token = tokens.next();
    Future<BigInteger> raw;
    try {
      raw = source.tokenBalance(token.address(), address, number);
    } catch (RuntimeException e) {
      raw = Future.failedFuture(e);
    }
    return raw.<Void>transform(result -> {
      if (result.succeeded()) {
        read.tokens().put(token.address(), result.result());
      } else {
        read.errors().put(token.address(), why(result.cause()));
      }
      return readTokens(read, address, number, tokens);
    });
  }

  private static String why(Throwable failure) {
    if (failure instanceof ProtocolException) {
      return failure.getMessage();
    }
    return "the chain node failed: " + failure.getMessage();
  }

  private <T> Future<T> bounded(Supplier<Future<T>> lookup) {
    if (inFlight >= maxInFlight) {
      metrics.lookupRefused();
      return Future.failedFuture(new ProtocolException(ErrorCode.UNAVAILABLE,
          "the chain node is busy: " + maxInFlight + " lookups are under way; try again shortly"));
    }
    inFlight++;
    metrics.lookupsInFlight(inFlight);
    Future<T> answer;
    try {
      answer = lookup.get();
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    return answer.andThen(ignored -> metrics.lookupsInFlight(--inFlight));
  }
}
