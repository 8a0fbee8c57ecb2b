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
}
