package io.tickwire.prices;

import java.util.Random;

/**
 * One simulated venue's order book of one symbol, kept consistent with its quote: the best bid
 * and ask are the quote's, and the deeper levels lie on a fixed price grid below the bid and
 * above the ask, {@value #LEVELS} per side. Each {@link #update} moves the book to a new quote
 * and answers what changed as a {@link BookEvent}: a snapshot the first time, then only the
 * levels that appeared, left (size 0) or changed size — a quote moving by less than a grid step
 * changes a few levels, not the whole book. Prices are whole ticks of {@code 1 / scale}.
 * Deterministic for one {@link Random}; a plain class, not thread-safe.
 */
final class SimulatedBook {

  /** Levels per side. */
  static final int LEVELS = 25;
  /** Levels whose size changes at random on each update, besides those the quote moves. */
  static final int CHANGED_PER_UPDATE = 3;

  private final String venue;
  private final String symbol;
  private final double scale;
  private final long gap;
  private final double price;
  private long[] bids = new long[LEVELS];
  private double[] bidSizes = new double[LEVELS];
  private long[] asks = new long[LEVELS];
  private double[] askSizes = new double[LEVELS];
  private long[] nextPrices = new long[LEVELS];
  private double[] nextSizes = new double[LEVELS];
  private boolean started;

  /**
   * @param scale ticks per unit of price (100 for cents)
   * @param price a typical price, for the level sizes
   * @param gap the grid step in ticks, at least 1
   */
  SimulatedBook(String venue, String symbol, double scale, double price, long gap) {
    this.venue = venue;
    this.symbol = symbol;
    this.scale = scale;
    this.price = price;
    this.gap = Math.max(1, gap);
  }

  /** Moves the book to the best bid and ask {@code bid} and {@code ask}, in ticks. */
  BookEvent update(long bid, long ask, Random random, long now) {
    long[] oldBids = bids.clone();
    double[] oldBidSizes = bidSizes.clone();
    long[] oldAsks = asks.clone();
    double[] oldAskSizes = askSizes.clone();
    side(true, bid, random);
    side(false, ask, random);
    if (!started) {
      started = true;
      return new BookEvent(venue, symbol, true, prices(bids), bidSizes.clone(), prices(asks),
          askSizes.clone(), now);
    }
    double[][] bidDelta = delta(oldBids, oldBidSizes, bids, bidSizes);
    double[][] askDelta = delta(oldAsks, oldAskSizes, asks, askSizes);
    return new BookEvent(venue, symbol, false, bidDelta[0], bidDelta[1], askDelta[0],
        askDelta[1], now);
  }

  /** Lays out one side from its best price, keeping the sizes of the prices that stay. */
  private void side(boolean bid, long best, Random random) {
    long[] current = bid ? bids : asks;
    double[] sizes = bid ? bidSizes : askSizes;
    // The grid point next beyond the best price, then one grid step further per level.
    long first = bid ? Math.floorDiv(best - 1, gap) * gap : (Math.floorDiv(best, gap) + 1) * gap;
    for (int i = 0; i < LEVELS; i++) {
      long level = i == 0 ? best : bid ? first - (i - 1) * gap : first + (i - 1) * gap;
      nextPrices[i] = level;
      nextSizes[i] = Double.NaN;
      if (started) {
        for (int j = 0; j < LEVELS; j++) {
          if (current[j] == level) {
            nextSizes[i] = sizes[j];
            break;
          }
        }
      }
      if (Double.isNaN(nextSizes[i])) {
        nextSizes[i] = size(random);
      }
    }
    if (started) {
      for (int k = 0; k < CHANGED_PER_UPDATE; k++) {
        nextSizes[random.nextInt(LEVELS)] = size(random);
      }
    }
    long[] swapPrices = current;
    double[] swapSizes = sizes;
    if (bid) {
      bids = nextPrices;
      bidSizes = nextSizes;
    } else {
      asks = nextPrices;
      askSizes = nextSizes;
    }
    nextPrices = swapPrices;
    nextSizes = swapSizes;
  }

  /** A level's size: 5,000 to 50,000 in quote currency, in base units to 4 decimals. */
  private double size(Random random) {
    double size = (5_000 + random.nextDouble() * 45_000) / price;
    return Math.max(1e-4, Math.round(size * 1e4) / 1e4);
  }

  private double[] prices(long[] ticks) {
    double[] prices = new double[ticks.length];
    for (int i = 0; i < ticks.length; i++) {
      prices[i] = ticks[i] / scale;
    }
    return prices;
  }

  /** The levels of {@code now} new or resized since {@code before}, and those gone, size 0. */
  private double[][] delta(long[] before, double[] beforeSizes, long[] now, double[] nowSizes) {
    double[] prices = new double[2 * LEVELS];
    double[] sizes = new double[2 * LEVELS];
    int n = 0;
    for (int i = 0; i < LEVELS; i++) {
      int j = indexOf(before, now[i]);
      if (j < 0 || beforeSizes[j] != nowSizes[i]) {
        prices[n] = now[i] / scale;
        sizes[n++] = nowSizes[i];
      }
      if (indexOf(now, before[i]) < 0) {
        prices[n] = before[i] / scale;
        sizes[n++] = 0;
      }
    }
    return new double[][] {java.util.Arrays.copyOf(prices, n), java.util.Arrays.copyOf(sizes, n)};
  }

  private static int indexOf(long[] prices, long price) {
    for (int i = 0; i < prices.length; i++) {
      if (prices[i] == price) {
        return i;
      }
    }
    return -1;
  }
}
