package io.tickwire.transactions;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Future;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What clients make the monitor ask the chain node ({@code tx.get}, {@code tx.watch},
 * {@code wallets.balance}), bounded: at most {@code maxInFlight} lookups at once — each has one
 * upstream call in flight at a time, so that also bounds the calls — and one more is refused at
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

  /** The balance of {@code address} at block {@code number}, asked of the node. */
  Future<BigInteger> balance(String address, long number) {
    return bounded(() -> source.balance(address, number));
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
