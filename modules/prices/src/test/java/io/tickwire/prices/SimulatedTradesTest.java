package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simulated trades")
class SimulatedTradesTest {

  static final long T0 = 1_700_000_000_000L;

  static List<Tick> quotes(SimulatedMarket market, int step) {
    return market.step(T0 + step * 250L);
  }

  @Test
  @DisplayName("trade within each quote's bid and ask, sizes summing to its traded volume, ids counting up per venue")
  void tradesFollowQuotes() {
    SimulatedMarket market = new SimulatedMarket(SimulatedMarketTest.config(0),
        SimulatedMarketTest.SYMBOLS, T0);
    SimulatedTrades trades = new SimulatedTrades(99);
    Map<String, Long> lastId = new HashMap<>();
    int count = 0;
    for (int step = 0; step < 100; step++) {
      for (Tick tick : quotes(market, step)) {
        List<Trade> made = trades.of(tick);
        assertThat(made).hasSizeBetween(1, SimulatedTrades.MAX_PER_TICK);
        double sum = 0;
        for (Trade trade : made) {
          assertThat(trade.venue()).isEqualTo(tick.venue());
          assertThat(trade.symbol()).isEqualTo(tick.symbol());
          assertThat(trade.price()).isBetween(tick.bid(), tick.ask());
          assertThat(trade.size()).isPositive();
          assertThat(trade.side()).isIn("buy", "sell");
          assertThat(trade.ts()).isEqualTo(tick.receivedAt());
          long id = Long.parseLong(trade.id());
          assertThat(id).isEqualTo(lastId.getOrDefault(trade.venue(), 0L) + 1);
          lastId.put(trade.venue(), id);
          sum += trade.size();
        }
        assertThat(sum).isCloseTo(tick.traded(), within(1e-8 + tick.traded() * 1e-12));
        count += made.size();
      }
    }
    assertThat(count).isGreaterThan(100 * 12);
  }

  @Test
  @DisplayName("are the same for the same seed and quotes")
  void deterministic() {
    SimulatedMarket market = new SimulatedMarket(SimulatedMarketTest.config(0),
        SimulatedMarketTest.SYMBOLS, T0);
    SimulatedTrades one = new SimulatedTrades(5);
    SimulatedTrades two = new SimulatedTrades(5);
    for (int step = 0; step < 50; step++) {
      for (Tick tick : quotes(market, step)) {
        assertThat(one.of(tick)).isEqualTo(two.of(tick));
      }
    }
  }

  @Test
  @DisplayName("make nothing of a quote that traded nothing or has no book")
  void nothing() {
    assertThat(new SimulatedTrades(1).of(Tick.of("v", "BTC-USD", 1, T0))).isEmpty();
    assertThat(new SimulatedTrades(1).of(new Tick("v", "BTC-USD", 1, 0.9, 1.1, 10, 0,
        Double.NaN, Double.NaN, Double.NaN, T0))).isEmpty();
  }
}
