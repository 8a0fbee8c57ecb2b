package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.runtime.Section;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A symbol's feed")
class SymbolFeedTest {

  static final long T0 = 1_700_000_000_000L;

  static PricesConfig config(JsonObject prices) {
    return PricesConfig.from(Section.root(prices));
  }

  final SymbolFeed feed = new SymbolFeed("ETH-USD", config(new JsonObject()
      .put("deviationPct", 0.5).put("heartbeatMs", 10_000).put("maxRatePerSec", 2)));

  static Tick tick(String venue, double price, long at) {
    return Tick.of(venue, "ETH-USD", price, at).withBook(price - 1, price + 1, 1_000);
  }

  @Test
  @DisplayName("publishes nothing before a venue quoted")
  void nothingYet() {
    assertThat(feed.poll(T0)).isNull();
    assertThat(feed.last()).isNull();
  }

  @Test
  @DisplayName("publishes the aggregate with venues, exclusions, book, 24-hour fields and time")
  void firstValue() {
    feed.offer(tick("a", 3_000, T0));
    feed.offer(tick("b", 3_001, T0));
    feed.offer(tick("c", 3_002, T0));
    feed.offer(tick("d", 3_500, T0));
    PriceUpdate update = feed.poll(T0);
    assertThat(update.symbol()).isEqualTo("ETH-USD");
    assertThat(update.price()).isEqualTo(3_001);
    assertThat(update.bid()).isEqualTo(3_001);
    assertThat(update.ask()).isEqualTo(3_001);
    assertThat(update.venues()).containsExactly("a", "b", "c");
    assertThat(update.excluded()).containsEntry("d", Aggregator.OUTLIER);
    assertThat(update.volume24h()).isEqualTo(3_000);
    assertThat(update.open24h()).isEqualTo(3_001);
    assertThat(update.change24h()).isZero();
    assertThat(update.ts()).isEqualTo(T0);
    JsonObject json = update.toJson();
    assertThat(json.fieldNames()).containsExactly("symbol", "price", "bid", "ask", "venues",
        "excluded", "open24h", "high24h", "low24h", "change24h", "changePct24h", "volume24h",
        "crossed", "ts");
  }

  @Test
  @DisplayName("throttles: a small move waits for the heartbeat, a big one for the rate limit")
  void throttles() {
    feed.offer(tick("a", 3_000, T0));
    assertThat(feed.poll(T0)).isNotNull();
    feed.offer(tick("a", 3_010, T0 + 100));
    assertThat(feed.poll(T0 + 100)).as("0.33 % is below 0.5 %").isNull();
    feed.offer(tick("a", 3_100, T0 + 200));
    assertThat(feed.poll(T0 + 200)).as("2 a second: not before 500 ms").isNull();
    PriceUpdate moved = feed.poll(T0 + 500);
    assertThat(moved.price()).isEqualTo(3_100);
    assertThat(moved.change24h()).isEqualTo(100);
    assertThat(moved.changePct24h()).isEqualTo(3.3333);
    assertThat(moved.high24h()).isEqualTo(3_100);
    assertThat(moved.low24h()).isEqualTo(3_000);
    feed.offer(tick("a", 3_100, T0 + 9_000));
    assertThat(feed.poll(T0 + 9_000)).isNull();
    assertThat(feed.poll(T0 + 10_500).price()).as("heartbeat").isEqualTo(3_100);
  }

  @Test
  @DisplayName("stops publishing when every venue went stale, and starts again with fresh quotes")
  void stale() {
    feed.offer(tick("a", 3_000, T0));
    assertThat(feed.poll(T0)).isNotNull();
    assertThat(feed.poll(T0 + 20_000)).isNull();
    feed.offer(tick("a", 3_000, T0 + 20_001));
    assertThat(feed.poll(T0 + 20_001)).isNotNull();
  }

  @Test
  @DisplayName("excludes an unhealthy venue and says so")
  void unhealthy() {
    feed.offer(tick("a", 3_000, T0));
    feed.offer(tick("b", 3_002, T0));
    feed.venueHealth("b", false);
    PriceUpdate update = feed.poll(T0);
    assertThat(update.venues()).containsExactly("a");
    assertThat(update.excluded()).containsEntry("b", Aggregator.UNHEALTHY);
  }

  @Test
  @DisplayName("lists the configured venues of the symbol that are unhealthy before they quoted")
  void unhealthyBeforeQuoting() {
    SymbolFeed eth = new SymbolFeed("ETH-USD", config(new JsonObject()
        .put("symbols", new io.vertx.core.json.JsonArray().add("ETH-USD").add("BTC-USD"))
        .put("venues", new JsonObject()
            .put("sim", new JsonObject().put("type", "simulated")
                .put("venues", new io.vertx.core.json.JsonArray().add("a").add("b")))
            .put("cb", new JsonObject().put("type", "coinbase"))
            .put("kr", new JsonObject().put("type", "kraken")
                .put("symbols", new JsonObject().put("BTC-USD", "BTC/USD"))))));
    for (String venue : new String[] {"b", "cb", "kr"}) {
      eth.venueHealth(venue, false);
    }
    eth.offer(tick("a", 3_000, T0));
    PriceUpdate update = eth.poll(T0);
    assertThat(update.venues()).containsExactly("a");
    assertThat(update.excluded()).as("kr does not quote ETH-USD").containsOnlyKeys("b", "cb")
        .containsEntry("b", Aggregator.UNHEALTHY).containsEntry("cb", Aggregator.UNHEALTHY);
  }

  static Tick traded(String venue, double price, double volume24h, double traded, long at) {
    return new Tick(venue, "ETH-USD", price, price - 1, price + 1, volume24h, traded, Double.NaN,
        Double.NaN, Double.NaN, at);
  }

  @Test
  @DisplayName("counts the traded volume of the venues used only, like volume24h, and drops what excluded venues traded")
  void tradedByUsedVenues() {
    feed.offer(traded("a", 3_000, 100, 1, T0));
    feed.offer(traded("b", 3_001, 200, 2, T0));
    feed.offer(traded("c", 3_002, 400, 4, T0));
    feed.offer(traded("d", 3_500, 800, 8, T0));
    feed.offer(traded("e", 3_000, 1_600, 16, T0));
    feed.venueHealth("e", false);
    PriceUpdate first = feed.poll(T0);
    assertThat(first.venues()).containsExactly("a", "b", "c");
    assertThat(first.excluded()).containsOnlyKeys("d", "e");
    assertThat(first.volume24h()).isEqualTo(100 + 200 + 400);
    assertThat(first.traded()).isEqualTo(1 + 2 + 4);
    // d comes back into line: what it trades from now on counts, what it traded as an outlier
    // does not carry over.
    feed.offer(traded("d", 3_100, 810, 0.5, T0 + 600));
    feed.offer(traded("a", 3_100, 101, 0.25, T0 + 600));
    feed.offer(traded("b", 3_100, 200, 0, T0 + 600));
    feed.offer(traded("c", 3_100, 400, 0, T0 + 600));
    feed.offer(traded("e", 3_100, 1_610, 32, T0 + 600));
    PriceUpdate second = feed.poll(T0 + 600);
    assertThat(second.venues()).containsExactly("a", "b", "c", "d");
    assertThat(second.volume24h()).isEqualTo(101 + 200 + 400 + 810);
    assertThat(second.traded()).isEqualTo(0.25 + 0.5);
  }

  @Test
  @DisplayName("sums the volume traded between publications, from the venues' own figure or their 24-hour volume's rise")
  void traded() {
    feed.offer(new Tick("a", "ETH-USD", 3_000, 2_999, 3_001, 500, 1.5, Double.NaN, Double.NaN,
        Double.NaN, T0));
    feed.offer(tick("b", 3_000, T0));
    assertThat(feed.poll(T0).traded()).isEqualTo(1.5);
    feed.offer(new Tick("a", "ETH-USD", 3_100, 3_099, 3_101, 500, 2, Double.NaN, Double.NaN,
        Double.NaN, T0 + 600));
    feed.offer(Tick.of("b", "ETH-USD", 3_100, T0 + 600).withBook(3_099, 3_101, 1_004));
    feed.offer(Tick.of("b", "ETH-USD", 3_100, T0 + 600).withBook(3_099, 3_101, 1_003));
    assertThat(feed.poll(T0 + 600).traded()).isEqualTo(2 + 4);
  }

  @Test
  @DisplayName("takes the venues' own 24-hour open, high and low until it has published for a day")
  void venueDay() {
    feed.offer(new Tick("a", "ETH-USD", 3_000, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        2_900, 3_200, 2_800, T0));
    PriceUpdate update = feed.poll(T0);
    assertThat(update.open24h()).isEqualTo(2_900);
    assertThat(update.high24h()).isEqualTo(3_200);
    assertThat(update.low24h()).isEqualTo(2_800);
    assertThat(update.change24h()).isEqualTo(100);
    assertThat(update.changePct24h()).isEqualTo(3.4483);
  }

  static BookEvent book(String venue, boolean snapshot, double bid, double bidSize, double ask,
      double askSize, long at) {
    return new BookEvent(venue, "ETH-USD", snapshot, new double[] {bid},
        new double[] {bidSize}, new double[] {ask}, new double[] {askSize}, at);
  }

  @Test
  @DisplayName("publishes the book when it changed, at most book.maxRatePerSec, and takes bid, ask and crossed from it")
  void books() {
    SymbolFeed books = new SymbolFeed("ETH-USD", config(new JsonObject()
        .put("book", new JsonObject().put("maxRatePerSec", 4))));
    assertThat(books.pollBook(T0)).as("no venue sent a book").isNull();
    books.offer(book("a", true, 2_999, 1, 3_001, 2, T0));
    books.offer(book("b", true, 2_999, 3, 3_002, 1, T0));
    JsonObject first = books.pollBook(T0);
    assertThat(first.getLong("changedAt")).isEqualTo(T0);
    assertThat(first.getJsonArray("bids").getJsonArray(0).getDouble(1)).isEqualTo(4);
    assertThat(first.getJsonArray("asks")).hasSize(2);
    books.offer(book("a", false, 3_000, 1, 3_001, 2, T0 + 10));
    assertThat(books.pollBook(T0 + 100)).as("within 1 / maxRatePerSec").isNull();
    JsonObject second = books.pollBook(T0 + 250);
    assertThat(second.getLong("changedAt")).as("the held-back change arrived at T0 + 10")
        .isEqualTo(T0 + 10);
    assertThat(second.getLong("ts")).isEqualTo(T0 + 250);
    assertThat(second.getJsonArray("bids").getJsonArray(0).getDouble(0)).isEqualTo(3_000);
    assertThat(books.pollBook(T0 + 600)).as("unchanged").isNull();

    books.offer(tick("a", 3_000, T0 + 600));
    books.offer(tick("b", 3_000.5, T0 + 600));
    PriceUpdate update = books.poll(T0 + 600);
    assertThat(update.bid()).as("the book's best bid, not the quotes'").isEqualTo(3_000);
    assertThat(update.ask()).isEqualTo(3_001);
    assertThat(update.crossed()).isFalse();
    books.offer(book("b", false, 3_001, 1, 3_002, 1, T0 + 700));
    books.offer(tick("b", 3_010, T0 + 20_000));
    books.offer(tick("a", 3_010, T0 + 20_000));
    update = books.poll(T0 + 20_000);
    assertThat(update.bid()).isEqualTo(3_001);
    assertThat(update.crossed()).isTrue();
    // A venue the price rules exclude leaves the book at the next aggregation.
    books.venueHealth("b", false);
    books.poll(T0 + 20_100);
    JsonObject afterUnhealthy = books.pollBook(T0 + 20_100);
    assertThat(afterUnhealthy.getJsonArray("venues").getList()).containsExactly("a");
    assertThat(afterUnhealthy.getBoolean("crossed")).isFalse();
  }

  @Test
  @DisplayName("counts a venue's traded volume from its trades once it sends them, not from its ticks")
  void volumeFromTrades() {
    feed.offer(traded("a", 5, T0));
    feed.offer(traded("b", 7, T0));
    assertThat(feed.poll(T0).traded()).isEqualTo(12);
    feed.trade(new Trade("a", "ETH-USD", "1", 3_000, 0.25, "buy", T0 + 100, T0 + 100));
    feed.trade(new Trade("a", "ETH-USD", "2", 3_000, 0.5, null, T0 + 200, T0 + 200));
    feed.offer(traded("a", 5, T0 + 10_000));
    feed.offer(traded("b", 7, T0 + 10_000));
    // a counts its trades (0.75), no longer its ticks' 5; b still its tick's 7.
    assertThat(feed.poll(T0 + 10_000).traded()).isEqualTo(7.75);
    feed.offer(traded("a", 5, T0 + 20_000));
    feed.offer(traded("b", 7, T0 + 20_000));
    assertThat(feed.poll(T0 + 20_000).traded()).isEqualTo(7);
  }

  static Tick volume(String venue, double volume24h, long at) {
    return new Tick(venue, "ETH-USD", 3_000, 2_999, 3_001, volume24h, 0, Double.NaN, Double.NaN,
        Double.NaN, at);
  }

  PriceUpdate pollWith(long at, Trade... trades) {
    for (Trade trade : trades) {
      feed.trade(trade);
    }
    feed.offer(volume("a", 1_000, at));
    feed.offer(volume("b", Double.NaN, at));
    feed.offer(volume("c", 400, at));
    return feed.poll(at);
  }

  static Trade trade(String venue, String id, double size, long at) {
    return new Trade(venue, "ETH-USD", id, 3_000, size, "buy", at - 5, at);
  }

  @Test
  @DisplayName("takes a trading venue's 24-hour volume from its trades once it holds a whole day of them, before that its own figure or its trades so far")
  void volume24hFromTrades() {
    long minute = 60_000;
    long day = 86_400_000;
    // a trades and reports 1,000; b trades and reports no 24-hour volume; c only reports 400.
    PriceUpdate first = pollWith(T0, trade("a", "1", 2, T0), trade("b", "1", 3, T0));
    assertThat(first.volume24h()).as("a's own figure, b's trades so far, c's own")
        .isEqualTo(1_000 + 3 + 400);
    PriceUpdate half = pollWith(T0 + day / 2, trade("a", "2", 5, T0 + day / 2),
        trade("b", "2", 1, T0 + day / 2));
    assertThat(half.volume24h()).isEqualTo(1_000 + 4 + 400);
    long firstMinute = Math.floorDiv(T0, minute) * minute;
    assertThat(pollWith(firstMinute + day - minute - 20_000).volume24h())
        .as("short of a whole day").isEqualTo(1_000 + 4 + 400);
    assertThat(pollWith(firstMinute + day - minute).volume24h())
        .as("a whole day held: a's trades instead of its own figure").isEqualTo(7 + 4 + 400);
    assertThat(pollWith(firstMinute + day).volume24h()).as("the first minute's trades left")
        .isEqualTo(5 + 1 + 400);
    assertThat(pollWith(T0 + day + day / 2 + minute).volume24h())
        .as("no trades within 24 hours: nothing, not the venue's figure").isEqualTo(400);
    // A new owner of the symbol starts afresh: the venue's own figure until it holds a day.
    SymbolFeed fresh = new SymbolFeed("ETH-USD", config(new JsonObject()));
    long later = T0 + 2 * day;
    fresh.trade(trade("a", "3", 9, later));
    fresh.offer(volume("a", 1_000, later));
    assertThat(fresh.poll(later).volume24h()).isEqualTo(1_000);
  }

  @Test
  @DisplayName("leaves an excluded venue's traded 24-hour volume out")
  void volume24hOfUsedVenuesOnly() {
    long day = 86_400_000;
    feed.trade(trade("a", "1", 2, T0));
    feed.trade(trade("c", "1", 3, T0));
    pollWith(T0);
    feed.venueHealth("a", false);
    assertThat(pollWith(T0 + day - 60_000).volume24h()).as("b reports nothing; c's trades only")
        .isEqualTo(3);
  }

  static Tick traded(String venue, double traded, long at) {
    return new Tick(venue, "ETH-USD", 3_000, 2_999, 3_001, 1_000, traded, Double.NaN, Double.NaN,
        Double.NaN, at);
  }
}
