package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A venue's order book of one symbol")
class VenueBookTest {

  static BookEvent snapshot(String venue, double[] bids, double[] bidSizes, double[] asks,
      double[] askSizes, long at) {
    return new BookEvent(venue, "BTC-USD", true, bids, bidSizes, asks, askSizes, at);
  }

  static BookEvent delta(String venue, double[] bids, double[] bidSizes, double[] asks,
      double[] askSizes, long at) {
    return new BookEvent(venue, "BTC-USD", false, bids, bidSizes, asks, askSizes, at);
  }

  static double[] d(double... values) {
    return values;
  }

  static double[] prices(VenueBook.Side side) {
    double[] prices = new double[side.count()];
    for (int i = 0; i < prices.length; i++) {
      prices[i] = side.price(i);
    }
    return prices;
  }

  @Test
  @DisplayName("sorts a snapshot best first: bids descending, asks ascending")
  void snapshotSorted() {
    VenueBook book = new VenueBook(100);
    assertThat(book.apply(snapshot("a", d(99, 101, 100), d(1, 2, 3), d(103, 102, 104),
        d(4, 5, 6), 1))).isTrue();
    assertThat(prices(book.bids())).containsExactly(101, 100, 99);
    assertThat(book.bids().size(0)).isEqualTo(2);
    assertThat(prices(book.asks())).containsExactly(102, 103, 104);
    assertThat(book.asks().size(0)).isEqualTo(5);
  }

  @Test
  @DisplayName("applies level changes: a new price is inserted, a size replaced, size 0 removes")
  void deltas() {
    VenueBook book = new VenueBook(100);
    book.apply(snapshot("a", d(101, 100), d(1, 1), d(102, 103), d(1, 1), 1));
    book.apply(delta("a", d(100.5, 101, 100), d(7, 3, 0), d(102, 102.5), d(0, 2), 2));
    assertThat(prices(book.bids())).containsExactly(101, 100.5);
    assertThat(book.bids().size(0)).isEqualTo(3);
    assertThat(book.bids().size(1)).isEqualTo(7);
    assertThat(prices(book.asks())).containsExactly(102.5, 103);
    // Removing a price that is not there changes nothing.
    book.apply(delta("a", d(50), d(0), d(), d(), 3));
    assertThat(prices(book.bids())).containsExactly(101, 100.5);
    // A new snapshot replaces everything.
    book.apply(snapshot("a", d(90), d(1), d(), d(), 4));
    assertThat(prices(book.bids())).containsExactly(90);
    assertThat(book.asks().count()).isZero();
  }

  @Test
  @DisplayName("keeps at most maxLevels per side: the worst levels are discarded and counted")
  void bounded() {
    VenueBook book = new VenueBook(3);
    book.apply(snapshot("a", d(100, 99, 98, 97, 96), d(1, 1, 1, 1, 1), d(), d(), 1));
    assertThat(prices(book.bids())).containsExactly(100, 99, 98);
    assertThat(book.discarded()).isEqualTo(2);
    // A better level pushes the worst out; a worse one is not kept.
    book.apply(delta("a", d(101, 90), d(1, 1), d(), d(), 2));
    assertThat(prices(book.bids())).containsExactly(101, 100, 99);
    assertThat(book.discarded()).isEqualTo(4);
    // A hostile venue sending a million levels keeps the book at the limit.
    double[] many = new double[1_000_000];
    double[] sizes = new double[many.length];
    for (int i = 0; i < many.length; i++) {
      many[i] = 1 + i * 0.01;
      sizes[i] = 1;
    }
    book.apply(delta("a", d(), d(), many, sizes, 3));
    assertThat(book.asks().count()).isEqualTo(3);
    assertThat(prices(book.asks())).containsExactly(1, 1.01, 1.02);
    assertThat(book.discarded()).isEqualTo(4 + 1_000_000 - 3);
  }

  @Test
  @DisplayName("refuses non-finite, negative or zero prices, bad sizes and mismatched arrays")
  void refuses() {
    VenueBook book = new VenueBook(10);
    book.apply(snapshot("a", d(Double.NaN, -1, 0, Double.POSITIVE_INFINITY, 100, 99, 98),
        d(1, 1, 1, 1, Double.NaN, -2, 1), d(101), d(Double.POSITIVE_INFINITY), 1));
    assertThat(prices(book.bids())).containsExactly(98);
    assertThat(book.asks().count()).isZero();
    assertThat(book.refused()).isEqualTo(7);
    assertThat(book.apply(delta("a", d(97, 96), d(1), d(), d(), 2))).isFalse();
    assertThat(prices(book.bids())).containsExactly(98);
    assertThat(book.refused()).isEqualTo(8);
  }
}
