package io.tickwire.prices;

/**
 * One quote of one symbol from one venue, as a source parsed it. Unknown values are
 * {@link Double#NaN}. Immutable; travels node-locally from a venue's verticle to the price feed.
 *
 * @param venue the venue's name, e.g. {@code coinbase} or {@code sim-alpha}
 * @param symbol the canonical symbol, {@code BASE-QUOTE}
 * @param price the last trade price, positive
 * @param bid the best bid
 * @param ask the best ask
 * @param volume24h the venue's base volume over its last 24 hours
 * @param traded the base volume traded since this venue's previous tick of the symbol
 * @param open24h the venue's price 24 hours ago
 * @param high24h the venue's 24-hour high
 * @param low24h the venue's 24-hour low
 * @param receivedAt when it arrived, in ms since the epoch (staleness is judged by this clock)
 */
public record Tick(String venue, String symbol, double price, double bid, double ask,
    double volume24h, double traded, double open24h, double high24h, double low24h,
    long receivedAt) {

  /** A tick with only a price; everything else unknown. */
  public static Tick of(String venue, String symbol, double price, long receivedAt) {
    return new Tick(venue, symbol, price, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN, Double.NaN, receivedAt);
  }

  /** The same tick with a bid, an ask and a 24-hour volume. */
  public Tick withBook(double newBid, double newAsk, double newVolume24h) {
    return new Tick(venue, symbol, price, newBid, newAsk, newVolume24h, traded, open24h, high24h,
        low24h, receivedAt);
  }
}
