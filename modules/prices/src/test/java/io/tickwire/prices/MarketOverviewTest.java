package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The market overview")
class MarketOverviewTest {

  static PriceUpdate update(String symbol, double price, double changePct) {
    double change = Double.isNaN(changePct) ? Double.NaN : price * changePct / 100;
    return new PriceUpdate(symbol, price, Double.NaN, Double.NaN, List.of("a"), Map.of(),
        Double.NaN, Double.NaN, Double.NaN, change, changePct, Double.NaN, 0, 42);
  }

  @Test
  @DisplayName("lists every known symbol in configured order, and the top gainers and losers")
  void build() {
    Map<String, PriceUpdate> latest = new HashMap<>();
    latest.put("A-USD", update("A-USD", 10, 5));
    latest.put("B-USD", update("B-USD", 20, -3));
    latest.put("C-USD", update("C-USD", 30, 12));
    latest.put("D-USD", update("D-USD", 40, -8));
    latest.put("E-USD", update("E-USD", 50, 1));
    latest.put("F-USD", update("F-USD", 60, Double.NaN));
    List<String> order = List.of("F-USD", "E-USD", "D-USD", "C-USD", "B-USD", "A-USD", "G-USD");
    JsonObject overview = MarketOverview.build(order, latest, 2, 99);
    assertThat(overview.getJsonArray("symbols").stream()
        .map(entry -> ((JsonObject) entry).getString("symbol")).toList())
        .containsExactly("F-USD", "E-USD", "D-USD", "C-USD", "B-USD", "A-USD");
    assertThat(overview.getJsonArray("gainers").stream()
        .map(entry -> ((JsonObject) entry).getString("symbol")).toList())
        .containsExactly("C-USD", "A-USD");
    assertThat(overview.getJsonArray("losers").stream()
        .map(entry -> ((JsonObject) entry).getString("symbol")).toList())
        .containsExactly("D-USD", "B-USD");
    JsonObject first = overview.getJsonArray("symbols").getJsonObject(0);
    assertThat(first.getValue("changePct24h")).isNull();
    assertThat(overview.getLong("ts")).isEqualTo(99);
  }

  @Test
  @DisplayName("has no gainers in a falling market")
  void fallingMarket() {
    JsonObject overview = MarketOverview.build(List.of("A-USD"),
        Map.of("A-USD", update("A-USD", 1, -1)), 5, 1);
    assertThat(overview.getJsonArray("gainers")).isEmpty();
    assertThat(overview.getJsonArray("losers")).hasSize(1);
  }
}
