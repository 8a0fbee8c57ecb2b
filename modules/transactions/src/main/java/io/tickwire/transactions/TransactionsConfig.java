package io.tickwire.transactions;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.List;
import java.util.Set;

/**
 * The {@code transactions} section: the transaction monitor's chain source and lifecycle rules.
 * Immutable and validated on construction; unknown keys are refused.
 *
 * @param enabled whether the monitor runs at all ({@value #DEFAULT_ENABLED})
 * @param source {@code simulated} or {@code ethereum} ({@value #DEFAULT_SOURCE})
 * @param confirmations confirmations that make a transaction confirmed
 *     ({@value #DEFAULT_CONFIRMATIONS}; {@value #DEFAULT_SIMULATED_CONFIRMATIONS} for the
 *     simulated source)
 * @param dropAfterMs a pending transaction missing from the pool this long is dropped
 *     ({@value #DEFAULT_DROP_AFTER_MS})
 * @param storePath the file of the durable watch list ({@value #DEFAULT_STORE_PATH})
 * @param watchGraceMs a wallet stays watched this long after its channel's last subscriber left,
 *     so a client that reconnects recovers everything ({@value #DEFAULT_WATCH_GRACE_MS})
 * @param retainMs a settled transaction is forgotten after this long ({@value #DEFAULT_RETAIN_MS})
 * @param maxReorgDepth the deepest reorg followed; also the blocks remembered
 *     ({@value #DEFAULT_MAX_REORG_DEPTH})
 * @param maxCatchUpBlocks the most missed blocks processed one by one after a reconnect or
 *     restart; beyond that the monitor skips to the newest ({@value #DEFAULT_MAX_CATCH_UP_BLOCKS})
 * @param maxWatchedTransactions the most transactions watched at once
 *     ({@value #DEFAULT_MAX_WATCHED_TRANSACTIONS})
 * @param maxWatchesPerUser the most transactions one user may have asked to watch with
 *     {@code tx.watch} that are still watched ({@value #DEFAULT_MAX_WATCHES_PER_USER})
 * @param maxLookupsInFlight the most lookups at the chain node for clients' requests
 *     ({@code tx.get}, {@code tx.watch}, {@code wallets.balance}) under way at once, each one
 *     upstream call at a time; beyond it they are refused with {@code unavailable}
 *     ({@value #DEFAULT_MAX_LOOKUPS_IN_FLIGHT})
 * @param lookupCacheSize the most {@code tx.get} answers kept ({@value #DEFAULT_LOOKUP_CACHE_SIZE})
 * @param lookupCacheMs how long a {@code tx.get} answer is kept; 0 keeps none
 *     ({@value #DEFAULT_LOOKUP_CACHE_MS})
 * @param subscriberSyncMs how often the monitor asks gateways for the subscribers of wallet
 *     channels; an instance silent for three periods is forgotten
 *     ({@value #DEFAULT_SUBSCRIBER_SYNC_MS})
 * @param simulated the simulated source's settings
 * @param ethereum the Ethereum source's settings
 * @param tokens the ERC-20 tokens followed for the watched wallets (at most
 *     {@value TokenConfig#MAX_TOKENS}; none by default)
 * @param nativePriceSymbol the aggregated price that values the chain's native asset in USD
 *     ({@value #DEFAULT_NATIVE_PRICE_SYMBOL})
 */
public record TransactionsConfig(boolean enabled, String source, int confirmations,
    long dropAfterMs, String storePath, long watchGraceMs, long retainMs, int maxReorgDepth,
    int maxCatchUpBlocks, int maxWatchedTransactions, int maxWatchesPerUser,
    int maxLookupsInFlight, int lookupCacheSize, long lookupCacheMs, long subscriberSyncMs,
    SimulatedConfig simulated, EthereumConfig ethereum, List<TokenConfig> tokens,
    String nativePriceSymbol) {

  public static final boolean DEFAULT_ENABLED = true;
  public static final String DEFAULT_SOURCE = "simulated";
  public static final int DEFAULT_CONFIRMATIONS = 12;
  public static final int DEFAULT_SIMULATED_CONFIRMATIONS = 3;
  public static final long DEFAULT_DROP_AFTER_MS = 600_000;
  public static final String DEFAULT_STORE_PATH = "data/transactions/watch.json";
  public static final long DEFAULT_WATCH_GRACE_MS = 300_000;
  public static final long DEFAULT_RETAIN_MS = 86_400_000;
  public static final int DEFAULT_MAX_REORG_DEPTH = 64;
  public static final int DEFAULT_MAX_CATCH_UP_BLOCKS = 1_000;
  public static final int DEFAULT_MAX_WATCHED_TRANSACTIONS = 100_000;
  public static final int DEFAULT_MAX_WATCHES_PER_USER = 200;
  public static final int DEFAULT_MAX_LOOKUPS_IN_FLIGHT = 32;
  public static final int DEFAULT_LOOKUP_CACHE_SIZE = 10_000;
  public static final long DEFAULT_LOOKUP_CACHE_MS = 2_000;
  public static final long DEFAULT_SUBSCRIBER_SYNC_MS = 30_000;
  public static final String DEFAULT_NATIVE_PRICE_SYMBOL = "ETH-USD";

  public boolean simulatedSource() {
    return source.equals("simulated");
  }

  /** Reads {@code transactions}; an absent section takes every default. */
  public static TransactionsConfig from(Section section) {
    boolean enabled = section.bool("enabled", DEFAULT_ENABLED);
    String source = section.oneOf("source", DEFAULT_SOURCE, Set.of("simulated", "ethereum"));
    TransactionsConfig config = new TransactionsConfig(enabled, source,
        section.intValue("confirmations", source.equals("simulated")
            ? DEFAULT_SIMULATED_CONFIRMATIONS : DEFAULT_CONFIRMATIONS, 1, 10_000),
        section.longValue("dropAfterMs", DEFAULT_DROP_AFTER_MS, 100, 30L * 86_400_000),
        section.string("storePath", DEFAULT_STORE_PATH),
        section.longValue("watchGraceMs", DEFAULT_WATCH_GRACE_MS, 0, 86_400_000),
        section.longValue("retainMs", DEFAULT_RETAIN_MS, 1_000, 365L * 86_400_000),
        section.intValue("maxReorgDepth", DEFAULT_MAX_REORG_DEPTH, 1, 10_000),
        section.intValue("maxCatchUpBlocks", DEFAULT_MAX_CATCH_UP_BLOCKS, 1, 1_000_000),
        section.intValue("maxWatchedTransactions", DEFAULT_MAX_WATCHED_TRANSACTIONS, 1, 10_000_000),
        section.intValue("maxWatchesPerUser", DEFAULT_MAX_WATCHES_PER_USER, 1, 10_000_000),
        section.intValue("maxLookupsInFlight", DEFAULT_MAX_LOOKUPS_IN_FLIGHT, 1, 100_000),
        section.intValue("lookupCacheSize", DEFAULT_LOOKUP_CACHE_SIZE, 0, 1_000_000),
        section.longValue("lookupCacheMs", DEFAULT_LOOKUP_CACHE_MS, 0, 60_000),
        section.longValue("subscriberSyncMs", DEFAULT_SUBSCRIBER_SYNC_MS, 100, 3_600_000),
        SimulatedConfig.from(section.section("simulated")),
        EthereumConfig.from(section.section("ethereum")),
        TokenConfig.list(section.raw("tokens")),
        nativePriceSymbol(section.string("nativePriceSymbol", DEFAULT_NATIVE_PRICE_SYMBOL)));
    section.done();
    return config;
  }

  private static String nativePriceSymbol(String symbol) {
    if (!symbol.matches("[A-Z0-9]{1,16}-[A-Z0-9]{1,16}")) {
      throw new ConfigException("transactions.nativePriceSymbol",
          "must be a price symbol such as ETH-USD (upper-case BASE-QUOTE), got '" + symbol + "'");
    }
    return symbol;
  }
}
