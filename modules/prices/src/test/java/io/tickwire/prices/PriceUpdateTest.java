package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A price update")
class PriceUpdateTest {

  @Test
  @DisplayName("travels as JSON and back, unknown numbers as null")
  void roundTrip() {
    PriceUpdate update = new PriceUpdate("BTC-USD", 65_000.5, 65_000, Double.NaN,
        List.of("a", "b"), Map.of("c", Aggregator.STALE), 64_000, 66_000, 63_000, 1_000.5,
        1.5633, Double.NaN, 0.25, 1_700_000_000_000L);
    JsonObject json = update.toUpdateJson();
    assertThat(json.getValue("ask")).isNull();
    assertThat(json.getValue("volume24h")).isNull();
    assertThat(json.getDouble("traded")).isEqualTo(0.25);
    assertThat(update.toJson().containsKey("traded")).isFalse();
    assertThat(json.encode()).doesNotContain("NaN");
    PriceUpdate back = PriceUpdate.fromJson(new JsonObject(json.encode()));
    assertThat(back.toUpdateJson()).isEqualTo(json);
    assertThat(back.excluded()).containsEntry("c", "stale");
  }

  @Test
  @DisplayName("refuses JSON without symbol, price or ts")
  void refuses() {
    assertThatThrownBy(() -> PriceUpdate.fromJson(new JsonObject().put("symbol", "X-Y")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PriceUpdate.fromJson(new JsonObject().put("symbol", 1)
        .put("price", 1).put("ts", 1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("carries crossed both ways, and reads it as bid >= ask from a value without it")
  void crossed() {
    PriceUpdate crossed = new PriceUpdate("BTC-USD", 100, 100.5, 100.2, List.of("a", "b"),
        Map.of(), 99, 101, 98, 1, 1, 10, 0, 1_700_000_000_000L, true);
    JsonObject json = crossed.toUpdateJson();
    assertThat(json.getBoolean("crossed")).isTrue();
    assertThat(crossed.toJson().getBoolean("crossed")).isTrue();
    assertThat(PriceUpdate.fromJson(new JsonObject(json.encode())).crossed()).isTrue();
    PriceUpdate straight = new PriceUpdate("BTC-USD", 100, 99.9, 100.1, List.of("a"), Map.of(),
        99, 101, 98, 1, 1, 10, 0, 1_700_000_000_000L);
    assertThat(straight.crossed()).isFalse();
    assertThat(straight.toJson().getBoolean("crossed")).isFalse();
    json.remove("crossed");
    assertThat(PriceUpdate.fromJson(json).crossed()).isTrue();
    assertThatThrownBy(() -> PriceUpdate.fromJson(json.put("crossed", "yes")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
