package io.tickwire.prices;

/**
 * One venue's order book of one symbol, as its {@link BookEvent}s built it: per side the levels
 * sorted best first (bids descending, asks ascending), at most {@code maxLevels} per side. A
 * level beyond that is discarded, the worst first: a new level better than the worst pushes the
 * worst out, one worse than all is not kept ({@link #discarded()} counts both). A level with a
 * price that is not positive and finite, or a size that is not finite and at least 0, is refused
 * ({@link #refused()}), as is an event whose price and size arrays differ in length. A plain
 * class without allocation per level; not thread-safe.
 */
final class VenueBook {

  /** One side's levels in parallel arrays, best first. */
  static final class Side {
    final boolean bids;
    final int maxLevels;
    double[] prices = new double[16];
    double[] sizes = new double[16];
    int count;

    Side(boolean bids, int maxLevels) {
      this.bids = bids;
      this.maxLevels = maxLevels;
    }

    /** Whether price {@code a} comes before {@code b} on this side. */
    boolean better(double a, double b) {
      return bids ? a > b : a < b;
    }

    double price(int level) {
      return prices[level];
    }

    double size(int level) {
      return sizes[level];
    }

    int count() {
      return count;
    }

    /** The index of {@code price}, or {@code -(insertion point) - 1}. */
    int find(double price) {
      int low = 0;
      int high = count - 1;
      while (low <= high) {
        int middle = (low + high) >>> 1;
        double at = prices[middle];
        if (at == price) {
          return middle;
        }
        if (better(at, price)) {
          low = middle + 1;
        } else {
          high = middle - 1;
        }
      }
      return -(low + 1);
    }

    /** Sets a level; answers 1 when a level had to be discarded for the limit, else 0. */
    int set(double price, double size) {
      int at = find(price);
      if (at >= 0) {
        if (size == 0) {
          System.arraycopy(prices, at + 1, prices, at, count - at - 1);
          System.arraycopy(sizes, at + 1, sizes, at, count - at - 1);
          count--;
        } else {
          sizes[at] = size;
        }
        return 0;
      }
      if (size == 0) {
        return 0;
      }
      int insert = -at - 1;
      int dropped = 0;
      if (count == maxLevels) {
        if (insert >= maxLevels) {
          return 1;
        }
        count--;
        dropped = 1;
      }
      if (count == prices.length) {
        int capacity = Math.min(maxLevels, prices.length * 2);
        prices = java.util.Arrays.copyOf(prices, capacity);
        sizes = java.util.Arrays.copyOf(sizes, capacity);
      }
      System.arraycopy(prices, insert, prices, insert + 1, count - insert);
      System.arraycopy(sizes, insert, sizes, insert + 1, count - insert);
      prices[insert] = price;
      sizes[insert] = size;
      count++;
      return dropped;
    }

    void clear() {
      count = 0;
    }
  }

  private final Side bids;
  private final Side asks;
  private long discarded;
  private long refused;

  /** @param maxLevels the most levels kept per side, at least 1 */
  VenueBook(int maxLevels) {
    if (maxLevels < 1) {
      throw new IllegalArgumentException("maxLevels must be at least 1");
    }
    bids = new Side(true, maxLevels);
    asks = new Side(false, maxLevels);
  }

  /**
   * Applies a snapshot (which first empties the book) or level changes.
   *
   * @return whether the event was taken; an event with mismatched arrays is refused whole
   */
  boolean apply(BookEvent event) {
    if (event.bidPrices().length != event.bidSizes().length
        || event.askPrices().length != event.askSizes().length) {
      refused++;
      return false;
    }
    if (event.snapshot()) {
      bids.clear();
      asks.clear();
    }
    apply(bids, event.bidPrices(), event.bidSizes());
    apply(asks, event.askPrices(), event.askSizes());
    return true;
  }

  /** Sets one level of one side; a size of 0 removes it. Answers whether it was valid. */
  boolean set(boolean bid, double price, double size) {
    if (!valid(price, size)) {
      refused++;
      return false;
    }
    discarded += (bid ? bids : asks).set(price, size);
    return true;
  }

  private void apply(Side side, double[] prices, double[] sizes) {
    for (int i = 0; i < prices.length; i++) {
      if (valid(prices[i], sizes[i])) {
        discarded += side.set(prices[i], sizes[i]);
      } else {
        refused++;
      }
    }
  }

  private static boolean valid(double price, double size) {
    return price > 0 && price < Double.POSITIVE_INFINITY && size >= 0
        && size < Double.POSITIVE_INFINITY;
  }

  Side bids() {
    return bids;
  }

  Side asks() {
    return asks;
  }

  /** Levels discarded for the per-side limit, since the start. */
  long discarded() {
    return discarded;
  }

  /** Levels (or whole events) refused as invalid, since the start. */
  long refused() {
    return refused;
  }
}
