package io.tickwire.prices;

import static io.tickwire.prices.VenueBookTest.d;
import static io.tickwire.prices.VenueBookTest.delta;
import static io.tickwire.prices.VenueBookTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The consolidated order book of one symbol")
class ConsolidatedBookTest {

  static final long STALE_MS = 1_000;

  static ConsolidatedBook twoVenues(int depth) {
    ConsolidatedBook book = new ConsolidatedBook("BTC-USD", depth, 100, STALE_MS);
    book.apply(snapshot("kraken", d(100, 99, 98), d(1, 2, 3), d(101, 102), d(1, 2), 10));
    book.apply(snapshot("coinbase", d(100, 99.5, 97), d(0.5, 1, 1), d(101, 101.5), d(3, 1), 10));
    return book;
  }

  @Test
  @DisplayName("merges the venues by price: sizes summed, the venues of each level listed, best first")
  void merges() {
    ConsolidatedBook book = twoVenues(20);
    book.merge(20, Map.of());
    JsonObject json = book.toJson(20);
    assertThat(json.getString("symbol")).isEqualTo("BTC-USD");
    assertThat(json.getInteger("depth")).isEqualTo(20);
    assertThat(json.getJsonArray("bids")).isEqualTo(new JsonArray()
        .add(new JsonArray().add(100.0).add(1.5).add(new JsonArray().add("coinbase").add("kraken")))
        .add(new JsonArray().add(99.5).add(1.0).add(new JsonArray().add("coinbase")))
        .add(new JsonArray().add(99.0).add(2.0).add(new JsonArray().add("kraken")))
        .add(new JsonArray().add(98.0).add(3.0).add(new JsonArray().add("kraken")))
        .add(new JsonArray().add(97.0).add(1.0).add(new JsonArray().add("coinbase"))));
    assertThat(json.getJsonArray("asks")).isEqualTo(new JsonArray()
        .add(new JsonArray().add(101.0).add(4.0).add(new JsonArray().add("coinbase").add("kraken")))
        .add(new JsonArray().add(101.5).add(1.0).add(new JsonArray().add("coinbase")))
        .add(new JsonArray().add(102.0).add(2.0).add(new JsonArray().add("kraken"))));
    assertThat(json.getJsonArray("venues").getList()).containsExactly("coinbase", "kraken");
    assertThat(json.getBoolean("crossed")).isFalse();
    assertThat(json.getLong("ts")).isEqualTo(20);
    assertThat(book.bestBid()).isEqualTo(100);
    assertThat(book.bestAsk()).isEqualTo(101);
  }

  @Test
  @DisplayName("cuts each side at depth")
  void depth() {
    ConsolidatedBook book = twoVenues(2);
    book.merge(20, Map.of());
    assertThat(book.bids.count).isEqualTo(2);
    assertThat(book.asks.count).isEqualTo(2);
    assertThat(book.toJson(20).getJsonArray("bids").getJsonArray(1).getDouble(0)).isEqualTo(99.5);
  }

  @Test
  @DisplayName("leaves out a stale venue, until a book event or a quote of it arrives")
  void stale() {
    ConsolidatedBook book = twoVenues(20);
    book.apply(delta("kraken", d(100), d(5), d(), d(), 900));
    book.merge(10 + STALE_MS + 1, Map.of());
    assertThat(book.venues()).containsExactly("kraken");
    assertThat(book.bids.sizes[0]).isEqualTo(5);
    book.touch("coinbase", 1_005);
    book.merge(1_011, Map.of());
    assertThat(book.venues()).containsExactly("coinbase", "kraken");
    assertThat(book.bids.sizes[0]).isEqualTo(5.5);
    // A quote of a venue that never sent a book adds nothing.
    book.touch("binance", 1_005);
    book.merge(1_011, Map.of());
    assertThat(book.venues()).containsExactly("coinbase", "kraken");
  }

  @Test
  @DisplayName("leaves out an unhealthy venue and a venue the price rules exclude")
  void excluded() {
    ConsolidatedBook book = twoVenues(20);
    book.venueHealth("coinbase", false);
    book.merge(20, Map.of());
    assertThat(book.venues()).containsExactly("kraken");
    assertThat(book.bids.prices[1]).isEqualTo(99);
    book.venueHealth("coinbase", true);
    book.merge(20, Map.of("kraken", Aggregator.OUTLIER));
    assertThat(book.venues()).containsExactly("coinbase");
    assertThat(book.toJson(20).getJsonArray("asks").getJsonArray(0).getDouble(1)).isEqualTo(3.0);
    book.merge(20, Map.of("kraken", Aggregator.OUTLIER, "coinbase", Aggregator.STALE));
    assertThat(book.venues()).isEmpty();
    assertThat(book.bids.count).isZero();
    assertThat(book.crossed()).isFalse();
    assertThat(book.bestBid()).isNaN();
  }

  @Test
  @DisplayName("reads the best bid and ask without merging, the same as the merge's best levels")
  void bestWithoutMerge() {
    ConsolidatedBook book = twoVenues(20);
    book.apply(delta("kraken", d(100.5), d(1), d(100.8), d(2), 11));
    assertBestAsMerge(book, 20, Map.of());
    assertBestAsMerge(book, 20, Map.of("kraken", Aggregator.OUTLIER));
    assertBestAsMerge(book, 20, Map.of("kraken", Aggregator.OUTLIER, "coinbase",
        Aggregator.STALE));
    book.venueHealth("coinbase", false);
    assertBestAsMerge(book, 20, Map.of());
    book.venueHealth("coinbase", true);
    book.apply(delta("kraken", d(), d(), d(99.8), d(1), 900));
    assertBestAsMerge(book, 20, Map.of());
    assertBestAsMerge(book, 10 + STALE_MS + 1, Map.of());
    // Reading the best levels leaves the last merge, and whether it changed, as they were.
    book.merge(20, Map.of());
    book.markPublished();
    book.bestBid(10 + STALE_MS + 1, Map.of());
    book.bestAsk(10 + STALE_MS + 1, Map.of());
    assertThat(book.changed()).isFalse();
    assertThat(book.venues()).containsExactly("coinbase", "kraken");
    assertThat(book.bestBid()).isEqualTo(100.5);
  }

  private static void assertBestAsMerge(ConsolidatedBook book, long now,
      Map<String, String> excluded) {
    double bid = book.bestBid(now, excluded);
    double ask = book.bestAsk(now, excluded);
    book.merge(now, excluded);
    // Double.compare, so that NaN (no side) equals NaN.
    assertThat(Double.compare(bid, book.bestBid())).as("bid %s vs %s", bid, book.bestBid())
        .isZero();
    assertThat(Double.compare(ask, book.bestAsk())).as("ask %s vs %s", ask, book.bestAsk())
        .isZero();
  }

  @Test
  @DisplayName("says crossed when one venue's best bid is at or above another's best ask")
  void crossed() {
    ConsolidatedBook book = twoVenues(20);
    book.apply(delta("kraken", d(101), d(1), d(), d(), 11));
    book.merge(20, Map.of());
    assertThat(book.crossed()).isTrue();
    assertThat(book.toJson(20).getBoolean("crossed")).isTrue();
    book.apply(delta("kraken", d(101), d(0), d(), d(), 12));
    book.merge(20, Map.of());
    assertThat(book.crossed()).isFalse();
  }

  @Test
  @DisplayName("knows whether the merge changed since the book last published")
  void changed() {
    ConsolidatedBook book = twoVenues(2);
    book.merge(20, Map.of());
    assertThat(book.changed()).isTrue();
    book.markPublished();
    book.merge(21, Map.of());
    assertThat(book.changed()).isFalse();
    // A change below the depth is not a change of the published book.
    book.apply(delta("kraken", d(98), d(9), d(), d(), 22));
    book.merge(22, Map.of());
    assertThat(book.changed()).isFalse();
    book.apply(delta("kraken", d(99), d(9), d(), d(), 22));
    book.merge(22, Map.of());
    assertThat(book.changed()).isFalse();
    book.apply(delta("kraken", d(100), d(9), d(), d(), 22));
    book.merge(22, Map.of());
    assertThat(book.changed()).isTrue();
    book.markPublished();
    // A venue leaving changes it too, even when its levels were not at the top.
    book.apply(snapshot("binance", d(), d(), d(), d(), 22));
    book.merge(23, Map.of());
    assertThat(book.changed()).isTrue();
  }

  @Test
  @DisplayName("merges at most 64 venues per symbol; a further venue's books are refused")
  void venueLimit() {
    ConsolidatedBook book = new ConsolidatedBook("BTC-USD", 5, 10, STALE_MS);
    for (int v = 0; v < ConsolidatedBook.MAX_VENUES; v++) {
      assertThat(book.apply(snapshot("v" + v, d(100), d(1), d(101), d(1), 1))).isTrue();
    }
    assertThat(book.apply(snapshot("extra", d(100), d(1), d(101), d(1), 1))).isFalse();
    assertThat(book.refusedVenues()).isEqualTo(1);
    book.merge(2, Map.of());
    assertThat(book.venues()).hasSize(64).doesNotContain("extra");
    assertThat(book.bids.sizes[0]).isEqualTo(64);
    assertThat(book.toJson(2).getJsonArray("bids").getJsonArray(0).getJsonArray(2)).hasSize(64);
  }

  @Test
  @DisplayName("keeps each venue's levels bounded by maxVenueLevels")
  void venueLevels() {
    ConsolidatedBook book = new ConsolidatedBook("BTC-USD", 5, 10, STALE_MS);
    double[] prices = new double[50];
    double[] sizes = new double[50];
    for (int i = 0; i < prices.length; i++) {
      prices[i] = 100 - i;
      sizes[i] = 1;
    }
    book.apply(snapshot("a", prices, sizes, d(), d(), 1));
    assertThat(book.venueBook("a").bids().count()).isEqualTo(10);
    assertThat(book.venueBook("a").discarded()).isEqualTo(40);
    assertThat(List.of(book.venueBook("a").bids().price(9))).containsExactly(91.0);
  }
}
