package io.tickwire.protocol;

/**
 * The names of the channels tickwire's own services publish on, in one place: the namespaces as
 * constants, and a builder per keyed channel. Services build every channel name here, never by
 * concatenation; the namespaces themselves are configured under {@code namespaces} (protocol.md,
 * "Channels, namespaces and access"). Names are case-sensitive and not checked here: a builder
 * puts its key after the namespace as it is given.
 */
public final class Channels {

  /** Price channels, {@code prices.<SYMBOL>}: the aggregated price of one symbol. */
  public static final String PRICES_NAMESPACE = "prices";
  /** Order-book channels, {@code book.<SYMBOL>}: the consolidated top-N book of one symbol. */
  public static final String BOOK_NAMESPACE = "book";
  /** Trade channels, {@code trades.<SYMBOL>}: the venues' trades of one symbol, in batches. */
  public static final String TRADES_NAMESPACE = "trades";
  /** Live candle channels, {@code candles.<SYMBOL>.<interval>}: the forming and closed candles. */
  public static final String CANDLES_NAMESPACE = "candles";
  /** Market-wide channels; {@link #MARKET_OVERVIEW} is the one there is. */
  public static final String MARKET_NAMESPACE = "market";
  /** Every symbol's latest price and 24-hour change, and the top gainers and losers. */
  public static final String MARKET_OVERVIEW = MARKET_NAMESPACE + ".overview";
  /** The chain's heads, reorgs and source status: a namespace that is a single channel. */
  public static final String BLOCKS = "blocks";
  /** Transaction channels, {@code tx.<hash>}: one watched transaction's lifecycle. */
  public static final String TX_NAMESPACE = "tx";
  /** Wallet channels, {@code wallet.<address>}: a watched wallet's transactions and balance. */
  public static final String WALLET_NAMESPACE = "wallet";
  /** User channels, {@code user.<id>}: one user's notifications and alert-rule changes. */
  public static final String USER_NAMESPACE = "user";

  private Channels() {
  }

  /** {@code prices.<symbol>}, e.g. {@code prices.BTC-USD}. */
  public static String prices(String symbol) {
    return keyed(PRICES_NAMESPACE, symbol);
  }

  /** {@code book.<symbol>}, e.g. {@code book.BTC-USD}. */
  public static String book(String symbol) {
    return keyed(BOOK_NAMESPACE, symbol);
  }

  /** {@code trades.<symbol>}, e.g. {@code trades.BTC-USD}. */
  public static String trades(String symbol) {
    return keyed(TRADES_NAMESPACE, symbol);
  }

  /** {@code candles.<symbol>.<interval>}, e.g. {@code candles.BTC-USD.1m}. */
  public static String candles(String symbol, String interval) {
    return keyed(CANDLES_NAMESPACE, symbol + "." + interval);
  }

  /** {@code tx.<hash>}; the monitor publishes on lower-case hashes. */
  public static String tx(String hash) {
    return keyed(TX_NAMESPACE, hash);
  }

  /** {@code wallet.<address>}; the monitor publishes on lower-case addresses. */
  public static String wallet(String address) {
    return keyed(WALLET_NAMESPACE, address);
  }

  /** {@code user.<id>}, where {@code id} is the token's subject. */
  public static String user(String id) {
    return keyed(USER_NAMESPACE, id);
  }

  /**
   * The key of {@code channel} when it is a channel of {@code namespace} ({@code wallet.0xab…}
   * gives {@code 0xab…} for {@code wallet}), else {@code null}.
   */
  public static String keyIn(String namespace, String channel) {
    String prefix = namespace + ".";
    return channel != null && channel.startsWith(prefix) ? channel.substring(prefix.length())
        : null;
  }

  private static String keyed(String namespace, String key) {
    return namespace + "." + key;
  }
}
