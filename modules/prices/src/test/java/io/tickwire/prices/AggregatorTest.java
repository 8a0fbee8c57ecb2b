package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The aggregator")
class AggregatorTest {

  static final String SYMBOL = "BTC-USD";
  static final long NOW = 1_700_000_000_000L;

  final Aggregator aggregator = new Aggregator(SYMBOL, 10_000, 2, false);

  void quote(String venue, double price) {
    quote(venue, price, NOW);
  }

  void quote(String venue, double price, long at) {
    aggregator.offer(Tick.of(venue, SYMBOL, price, at));
  }

  @Nested
  @DisplayName("takes the median")
  class Median {

    @Test
    @DisplayName("of an odd number of venues: the middle price")
    void odd() {
      quote("a", 100);
      quote("b", 101);
      quote("c", 100.5);
      Aggregate aggregate = aggregator.aggregate(NOW);
      assertThat(aggregate.price()).isEqualTo(100.5);
      assertThat(aggregate.used()).containsExactly("a", "b", "c");
      assertThat(aggregate.excluded()).isEmpty();
    }

    @Test
    @DisplayName("of an even number of venues: the mean of the middle two")
    void even() {
      quote("a", 100);
      quote("b", 101);
      quote("c", 100.4);
      quote("d", 100.6);
      assertThat(aggregator.aggregate(NOW).price()).isCloseTo(100.5, within(1e-9));
    }

    @Test
    @DisplayName("of a single venue: its price")
    void single() {
      quote("a", 42);
      assertThat(aggregator.aggregate(NOW).price()).isEqualTo(42);
    }

    @Test
    @DisplayName("of each venue's latest quote only")
    void latestQuote() {
      quote("a", 100);
      quote("a", 200);
      Aggregate aggregate = aggregator.aggregate(NOW);
      assertThat(aggregate.price()).isEqualTo(200);
      assertThat(aggregate.used()).containsExactly("a");
    }

    @Test
    @DisplayName("and says so when no venue quoted at all")
    void nothing() {
      Aggregate aggregate = aggregator.aggregate(NOW);
      assertThat(aggregate.usable()).isFalse();
      assertThat(aggregate.price()).isNaN();
    }

    @Test
    @DisplayName("of the others, skipping one index of a sorted array")
    void medianWithout() {
      double[] sorted = {1, 2, 3, 4, 10};
      assertThat(Aggregator.medianWithout(sorted, 5, 4)).isEqualTo(2.5);
      assertThat(Aggregator.medianWithout(sorted, 5, 0)).isEqualTo(3.5);
      assertThat(Aggregator.medianWithout(sorted, 4, 1)).isEqualTo(3);
      assertThat(Aggregator.medianWithout(sorted, 2, 0)).isEqualTo(2);
    }
  }

  @Nested
  @DisplayName("leaves out stale venues")
  class Staleness {

    @Test
    @DisplayName("whose quote is older than staleAfterMs, saying why")
    void stale() {
      quote("a", 100, NOW - 10_001);
      quote("b", 101, NOW - 10_000);
      quote("c", 102, NOW);
      Aggregate aggregate = aggregator.aggregate(NOW);
      assertThat(aggregate.used()).containsExactly("b", "c");
      assertThat(aggregate.excluded()).containsExactly(Map.entry("a", Aggregator.STALE));
      assertThat(aggregate.price()).isEqualTo(101.5);
    }

    @Test
    @DisplayName("and takes them back with their next quote")
    void comesBack() {
      quote("a", 100, NOW - 20_000);
      quote("b", 101, NOW);
      assertThat(aggregator.aggregate(NOW).used()).containsExactly("b");
      quote("a", 100.2, NOW + 1);
      assertThat(aggregator.aggregate(NOW + 1).used()).containsExactly("a", "b");
    }

    @Test
    @DisplayName("and has no price when every venue is stale")
    void allStale() {
      quote("a", 100, NOW - 60_000);
      Aggregate aggregate = aggregator.aggregate(NOW);
      assertThat(aggregate.usable()).isFalse();
      assertThat(aggregate.excluded()).containsEntry("a", Aggregator.STALE);
    }
  }

  @Nested
  @DisplayName("leaves out unhealthy venues")
  class Health {

    @Test
    @DisplayName("until their source says they recovered, even before they quoted")
    void unhealthy() {
      aggregator.venueHealth("b", false);
      quote("a", 100);
      quote("b", 150);
      Aggregate aggregate = aggregator.aggregate(NOW);
      assertThat(aggregate.used()).containsExactly("a");
      assertThat(aggregate.excluded()).containsExactly(Map.entry("b", Aggregator.UNHEALTHY));
      aggregator.venueHealth("b", true);
      assertThat(aggregator.aggregate(NOW).used()).containsExactly("a", "b");
    }

    @Test
    @DisplayName("and lists an expected venue that is unhealthy before it ever quoted, but not a venue that does not quote the symbol")
    void unhealthyBeforeQuoting() {
      aggregator.expect("a");
      aggregator.expect("c");
      aggregator.venueHealth("c", false);
      aggregator.venueHealth("z", false);
      quote("a", 100);
      Aggregate aggregate = aggregator.aggregate(NOW);
      assertThat(aggregate.used()).containsExactly("a");
      assertThat(aggregate.excluded()).containsExactly(Map.entry("c", Aggregator.UNHEALTHY));
      aggregator.venueHealth("c", true);
      assertThat(aggregator.aggregate(NOW).excluded()).isEmpty();
    }
  }

  @Nested
  @DisplayName("leaves out outliers")
  class Outliers {

    @Test
    @DisplayName("deviating more than outlierPct from the median of the others")
    void outlier() {
      quote("a", 100);
      quote("b", 100.2);
      quote("c", 99.9);
      quote("d", 103);
      Aggregate aggregate = aggregator.aggregate(NOW);
      assertThat(aggregate.used()).containsExactly("a", "b", "c");
      assertThat(aggregate.excluded()).containsExactly(Map.entry("d", Aggregator.OUTLIER));
      assertThat(aggregate.price()).isEqualTo(100);
    }

    @Test
    @DisplayName("but not a venue just inside the limit")
    void insideLimit() {
      quote("a", 100);
      quote("b", 100);
      quote("c", 101.9);
      assertThat(aggregator.aggregate(NOW).used()).containsExactly("a", "b", "c");
    }

    @Test
    @DisplayName("with hysteresis: excluded until back within half the limit")
    void hysteresis() {
      quote("a", 100);
      quote("b", 100);
      quote("c", 102.5);
      assertThat(aggregator.aggregate(NOW).excluded()).containsEntry("c", Aggregator.OUTLIER);
      quote("c", 101.5);
      assertThat(aggregator.aggregate(NOW).excluded())
          .as("1.5 % is inside the limit but not within half of it")
          .containsEntry("c", Aggregator.OUTLIER);
      quote("c", 100.9);
      Aggregate back = aggregator.aggregate(NOW);
      assertThat(back.excluded()).isEmpty();
      assertThat(back.used()).containsExactly("a", "b", "c");
      quote("c", 101.5);
      assertThat(aggregator.aggregate(NOW).used())
          .as("once back, only the full limit excludes it again").contains("c");
    }

    @Test
    @DisplayName("only with at least three fresh venues: two cannot tell who is wrong")
    void needsThree() {
      quote("a", 100);
      quote("b", 110);
      Aggregate aggregate = aggregator.aggregate(NOW);
      assertThat(aggregate.used()).containsExactly("a", "b");
      assertThat(aggregate.price()).isEqualTo(105);
    }

    @Test
    @DisplayName("yet lets an outlier recover when fewer venues remain")
    void recoversWithFewer() {
      quote("a", 100);
      quote("b", 100);
      quote("c", 104);
      assertThat(aggregator.aggregate(NOW).excluded()).containsEntry("c", Aggregator.OUTLIER);
      aggregator.venueHealth("b", false);
      assertThat(aggregator.aggregate(NOW).excluded()).containsEntry("c", Aggregator.OUTLIER);
      quote("c", 100.5);
      assertThat(aggregator.aggregate(NOW).used()).containsExactly("a", "c");
    }

    @Test
    @DisplayName("and keeps an outlier's state while it is stale")
    void keepsStateWhileStale() {
      quote("a", 100);
      quote("b", 100);
      quote("c", 104, NOW);
      assertThat(aggregator.aggregate(NOW).excluded()).containsEntry("c", Aggregator.OUTLIER);
      quote("a", 100, NOW + 20_000);
      quote("b", 100, NOW + 20_000);
      assertThat(aggregator.aggregate(NOW + 20_000).excluded()).containsEntry("c",
          Aggregator.STALE);
      quote("c", 101.5, NOW + 20_000);
      assertThat(aggregator.aggregate(NOW + 20_000).excluded()).containsEntry("c",
          Aggregator.OUTLIER);
    }

    @Test
    @DisplayName("judging each against the median of the others, so two outliers on one side both go")
    void twoOutliers() {
      quote("a", 100);
      quote("b", 100.1);
      quote("c", 99.9);
      quote("d", 100.05);
      quote("e", 99.95);
      quote("f", 95);
      quote("g", 94);
      Aggregate aggregate = aggregator.aggregate(NOW);
      assertThat(aggregate.used()).containsExactly("a", "b", "c", "d", "e");
      assertThat(aggregate.excluded()).containsOnlyKeys("f", "g");
      assertThat(aggregate.price()).isEqualTo(100);
    }

    @Test
    @DisplayName("but uses every venue when each one looks like an outlier to the others")
    void noConsensus() {
      quote("a", 100);
      quote("b", 100);
      quote("c", 110);
      quote("d", 110);
      Aggregate aggregate = aggregator.aggregate(NOW);
      assertThat(aggregate.used()).containsExactly("a", "b", "c", "d");
      assertThat(aggregate.price()).isEqualTo(105);
    }
  }

  @Nested
  @DisplayName("weights by volume when asked")
  class VolumeWeighted {

    final Aggregator weighted = new Aggregator(SYMBOL, 10_000, 2, true);

    void quote(String venue, double price, double volume) {
      weighted.offer(Tick.of(venue, SYMBOL, price, NOW).withBook(Double.NaN, Double.NaN, volume));
    }

    @Test
    @DisplayName("taking the price where half the volume lies on each side")
    void weightedMedian() {
      quote("a", 100, 10);
      quote("b", 101, 1);
      quote("c", 100.5, 1);
      assertThat(weighted.aggregate(NOW).price()).isEqualTo(100);
      quote("b", 101, 30);
      assertThat(weighted.aggregate(NOW).price()).isEqualTo(101);
    }

    @Test
    @DisplayName("and the mean of the two prices around an exact half")
    void exactHalf() {
      quote("a", 100, 5);
      quote("b", 101, 5);
      assertThat(weighted.aggregate(NOW).price()).isEqualTo(100.5);
    }

    @Test
    @DisplayName("falling back to the plain median when a venue reports no volume")
    void fallback() {
      quote("a", 100, 10);
      quote("b", 101, 1);
      weighted.offer(Tick.of("c", SYMBOL, 101.5, NOW));
      assertThat(weighted.aggregate(NOW).price()).isEqualTo(101);
    }
  }

  @Test
  @DisplayName("reports the best bid and ask and the summed volume of the venues used")
  void bookAndVolume() {
    aggregator.offer(Tick.of("a", SYMBOL, 100, NOW).withBook(99.9, 100.2, 10));
    aggregator.offer(Tick.of("b", SYMBOL, 100.1, NOW).withBook(100.0, 100.3, 5));
    aggregator.offer(Tick.of("c", SYMBOL, 100.05, NOW).withBook(99.8, 100.1, Double.NaN));
    aggregator.offer(Tick.of("d", SYMBOL, 130, NOW).withBook(129, 131, 1_000));
    Aggregate aggregate = aggregator.aggregate(NOW);
    assertThat(aggregate.excluded()).containsOnlyKeys("d");
    assertThat(aggregate.bid()).isEqualTo(100.0);
    assertThat(aggregate.ask()).isEqualTo(100.1);
    assertThat(aggregate.volume24h()).isEqualTo(15);
  }
}
