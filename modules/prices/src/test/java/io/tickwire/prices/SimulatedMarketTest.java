package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simulated market")
class SimulatedMarketTest {

  static final List<String> SYMBOLS = List.of("BTC-USD", "DOGE-USD", "NEWCOIN-EUR");
  static final long T0 = 1_700_000_000_000L;

  static SimulationConfig config(long incidentEveryMs) {
    return new SimulationConfig(List.of("v1", "v2", "v3", "v4"), 99, 4, 0.05, 0.02, 0.02,
        incidentEveryMs, 5_000, 5);
  }

  @Test
  @DisplayName("is the same for the same seed and times")
  void deterministic() {
    SimulatedMarket one = new SimulatedMarket(config(10_000), SYMBOLS, T0);
    SimulatedMarket two = new SimulatedMarket(config(10_000), SYMBOLS, T0);
    for (int step = 0; step < 200; step++) {
      assertThat(one.step(T0 + step * 250L)).isEqualTo(two.step(T0 + step * 250L));
    }
  }

  @Test
  @DisplayName("quotes every symbol at every venue with a spread, a volume and close to each other")
  void quotes() {
    SimulatedMarket market = new SimulatedMarket(config(0), SYMBOLS, T0);
    List<Tick> ticks = market.step(T0);
    assertThat(ticks).hasSize(12);
    for (Tick tick : ticks) {
      assertThat(tick.bid()).isLessThan(tick.price());
      assertThat(tick.ask()).isGreaterThan(tick.price());
      assertThat(tick.volume24h()).isPositive();
      assertThat(tick.traded()).isPositive();
      assertThat(tick.receivedAt()).isEqualTo(T0);
    }
    Map<String, List<Double>> bySymbol = ticks.stream().collect(Collectors.groupingBy(
        Tick::symbol, Collectors.mapping(Tick::price, Collectors.toList())));
    assertThat(bySymbol.get("BTC-USD")).allSatisfy(price ->
        assertThat(price).isBetween(64_000.0, 66_000.0));
    assertThat(bySymbol.get("DOGE-USD")).allSatisfy(price ->
        assertThat(price).isBetween(0.14, 0.16));
    assertThat(bySymbol.get("NEWCOIN-EUR")).allSatisfy(price -> assertThat(price).isPositive());
  }

  @Test
  @DisplayName("has incidents in which one venue goes quiet or quotes far off, and the aggregator catches both")
  void incidents() {
    SimulatedMarket market = new SimulatedMarket(config(10_000), SYMBOLS, T0);
    Aggregator aggregator = new Aggregator("BTC-USD", 2_000, 2, false);
    boolean sawStale = false;
    boolean sawOutlier = false;
    for (long now = T0; now < T0 + 600_000 && !(sawStale && sawOutlier); now += 250) {
      List<Tick> ticks = market.step(now);
      ticks.stream().filter(tick -> tick.symbol().equals("BTC-USD")).forEach(aggregator::offer);
      SimulatedMarket.Incident incident = market.incident();
      if (incident == null || now - incident.from() < 3_000) {
        continue;
      }
      Aggregate aggregate = aggregator.aggregate(now);
      if (incident.kind() == SimulatedMarket.Kind.STALE) {
        assertThat(ticks).noneMatch(tick -> tick.venue().equals(incident.venue()));
        assertThat(aggregate.excluded()).containsEntry(incident.venue(), Aggregator.STALE);
        sawStale = true;
      } else {
        assertThat(aggregate.excluded()).containsEntry(incident.venue(), Aggregator.OUTLIER);
        sawOutlier = true;
      }
      assertThat(aggregate.used()).hasSize(3);
    }
    assertThat(sawStale).isTrue();
    assertThat(sawOutlier).isTrue();
  }

  @Test
  @DisplayName("starts well-known symbols at plausible prices and rounds to tick sizes")
  void prices() {
    assertThat(SimulatedMarket.startPrice("ETH-USD")).isEqualTo(3_200);
    assertThat(SimulatedMarket.startPrice("ZZZ-USD")).isPositive();
    assertThat(SimulatedMarket.round(65_000.123_456)).isEqualTo(65_000.12);
    assertThat(SimulatedMarket.round(0.123_456_789)).isEqualTo(0.123_457);
  }

  @Test
  @DisplayName("keeps each venue's book consistent with its quote: its best levels are the quote's bid and ask")
  void booksFollowQuotes() {
    SimulatedMarket market = new SimulatedMarket(config(10_000), SYMBOLS, T0);
    Map<String, VenueBook> books = new java.util.HashMap<>();
    int deltas = 0;
    long deltaLevels = 0;
    for (int step = 0; step < 400; step++) {
      long now = T0 + step * 250L;
      List<Tick> ticks = market.step(now);
      assertThat(market.books()).hasSameSizeAs(ticks);
      for (BookEvent event : market.books()) {
        String key = event.venue() + " " + event.symbol();
        VenueBook book = books.get(key);
        if (book == null) {
          assertThat(event.snapshot()).as("first event of %s", key).isTrue();
          book = new VenueBook(1_000);
          books.put(key, book);
        } else {
          assertThat(event.snapshot()).isFalse();
          deltas++;
          deltaLevels += event.bidPrices().length + event.askPrices().length;
        }
        assertThat(book.apply(event)).isTrue();
        assertThat(event.receivedAt()).isEqualTo(now);
      }
      for (Tick tick : ticks) {
        VenueBook book = books.get(tick.venue() + " " + tick.symbol());
        assertThat(book.bids().price(0)).as("%s best bid", tick).isEqualTo(tick.bid());
        assertThat(book.asks().price(0)).as("%s best ask", tick).isEqualTo(tick.ask());
        assertThat(book.bids().count()).isBetween(20, 50);
        assertThat(book.asks().count()).isBetween(20, 50);
        assertThat(book.bids().size(0)).isPositive();
      }
    }
    assertThat(book(books).refused()).isZero();
    // A step changes a few levels of a book, not all fifty.
    assertThat((double) deltaLevels / deltas).isBetween(1.0, 20.0);
  }

  private static VenueBook book(Map<String, VenueBook> books) {
    return books.values().iterator().next();
  }

  @Test
  @DisplayName("does not cross across venues without incidents, not even while only some venues have quoted a step")
  void notCrossed() {
    for (SimulationConfig config : List.of(config(0), new SimulationConfig(List.of("v1", "v2",
        "v3", "v4"), 7, 2, SimulationConfig.DEFAULT_VOLATILITY_PCT,
        SimulationConfig.DEFAULT_NOISE_PCT, SimulationConfig.DEFAULT_SPREAD_PCT, 0, 0, 5))) {
      SimulatedMarket market = new SimulatedMarket(config, SYMBOLS, T0);
      Map<String, Aggregator> quotes = new java.util.HashMap<>();
      Map<String, ConsolidatedBook> books = new java.util.HashMap<>();
      for (String symbol : SYMBOLS) {
        quotes.put(symbol, new Aggregator(symbol, 10_000, 2, false));
        books.put(symbol, new ConsolidatedBook(symbol, 20, 1_000, 10_000));
      }
      int states = 0;
      for (int step = 0; step < 2_000; step++) {
        long now = T0 + step * 250L;
        List<Tick> ticks = market.step(now);
        for (int i = 0; i < ticks.size(); i++) {
          Tick tick = ticks.get(i);
          BookEvent event = market.books().get(i);
          Aggregator aggregator = quotes.get(tick.symbol());
          aggregator.offer(tick);
          Aggregate aggregate = aggregator.aggregate(now);
          assertThat(aggregate.bid()).as("step %d after %s", step, tick)
              .isLessThan(aggregate.ask());
          ConsolidatedBook book = books.get(event.symbol());
          book.apply(event);
          book.merge(now, Map.of());
          assertThat(book.crossed()).as("book at step %d after %s", step, tick).isFalse();
          states++;
        }
      }
      assertThat(states).isEqualTo(2_000 * 12);
    }
  }
}
