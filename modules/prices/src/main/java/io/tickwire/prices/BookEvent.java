package io.tickwire.prices;

/**
 * One venue's order-book news for one symbol, as a source parsed it: a {@code snapshot} replaces
 * the venue's whole book of the symbol; otherwise each level given replaces that price's size on
 * its side, and a size of 0 removes the price. Levels are parallel arrays (prices and sizes of the
 * same length per side), in the order the venue sent them; prices positive, sizes at least 0.
 * Immutable by contract: a source hands over arrays it no longer touches. Travels node-local from
 * a venue's verticle to the price feed ({@code tickwire.local.prices.books}).
 *
 * @param venue the venue's name
 * @param symbol the canonical symbol, {@code BASE-QUOTE}
 * @param snapshot whether this replaces the venue's book of the symbol
 * @param bidPrices bid prices
 * @param bidSizes bid sizes, base units, 0 removes the level
 * @param askPrices ask prices
 * @param askSizes ask sizes, base units, 0 removes the level
 * @param receivedAt when it arrived, in ms since the epoch
 */
public record BookEvent(String venue, String symbol, boolean snapshot, double[] bidPrices,
    double[] bidSizes, double[] askPrices, double[] askSizes, long receivedAt) {

  private static final double[] NONE = new double[0];

  /** An empty snapshot: the venue has no book of the symbol now (e.g. after a resubscribe). */
  public static BookEvent cleared(String venue, String symbol, long receivedAt) {
    return new BookEvent(venue, symbol, true, NONE, NONE, NONE, NONE, receivedAt);
  }
}
