package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The price queries")
class PriceQueriesTest {

  static final List<String> SYMBOLS = List.of("BTC-USD", "ETH-USD");
  static final long NOW = 1_700_000_000_000L;

  static PriceQueries.History history(JsonObject data) {
    return PriceQueries.history(data, SYMBOLS, 1_000, NOW);
  }

  static void refused(Runnable call, ErrorCode code, String... fragments) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(ProtocolException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).contains(fragments);
    });
  }

  @Test
  @DisplayName("read a full history request")
  void fullHistory() {
    PriceQueries.History query = history(new JsonObject().put("symbol", "ETH-USD")
        .put("interval", "5m").put("from", 1_000).put("to", 2_000L).put("limit", 10));
    assertThat(query).isEqualTo(new PriceQueries.History("ETH-USD",
        CandleInterval.FIVE_MINUTES, 1_000L, 2_000L, 10));
  }

  @Test
  @DisplayName("default the range to everything and the limit to 500")
  void defaults() {
    PriceQueries.History query = history(new JsonObject().put("symbol", "BTC-USD")
        .put("interval", "1h"));
    assertThat(query.from()).isNull();
    assertThat(query.to()).isNull();
    assertThat(query.limit()).isEqualTo(500);
    assertThat(PriceQueries.history(new JsonObject().put("symbol", "BTC-USD")
        .put("interval", "1h"), SYMBOLS, 100, NOW).limit()).isEqualTo(100);
  }

  @Test
  @DisplayName("refuse a missing, malformed or unknown symbol precisely")
  void badSymbols() {
    refused(() -> history(new JsonObject().put("interval", "1m")), ErrorCode.BAD_REQUEST,
        "'symbol'", "required");
    refused(() -> history(new JsonObject().put("symbol", 7).put("interval", "1m")),
        ErrorCode.BAD_REQUEST, "'symbol'", "7");
    refused(() -> history(new JsonObject().put("symbol", "DOGE-EUR").put("interval", "1m")),
        ErrorCode.NOT_FOUND, "DOGE-EUR", "BTC-USD, ETH-USD");
  }

  @Test
  @DisplayName("refuse a missing or unknown interval, naming the allowed ones")
  void badIntervals() {
    refused(() -> history(new JsonObject().put("symbol", "BTC-USD")), ErrorCode.BAD_REQUEST,
        "'interval'", "1m, 5m, 1h");
    refused(() -> history(new JsonObject().put("symbol", "BTC-USD").put("interval", "2m")),
        ErrorCode.BAD_REQUEST, "'2m'", "1m, 5m, 1h");
  }

  @Test
  @DisplayName("refuse bad times and a range that ends before it starts")
  void badRanges() {
    JsonObject base = new JsonObject().put("symbol", "BTC-USD").put("interval", "1m");
    refused(() -> history(base.copy().put("from", -1)), ErrorCode.BAD_REQUEST, "'from'", "-1");
    refused(() -> history(base.copy().put("to", "yesterday")), ErrorCode.BAD_REQUEST, "'to'",
        "yesterday");
    refused(() -> history(base.copy().put("from", 1.5)), ErrorCode.BAD_REQUEST, "'from'");
    refused(() -> history(base.copy().put("to", NOW + 400 * 86_400_000L)),
        ErrorCode.BAD_REQUEST, "'to'", "a year ahead");
    refused(() -> history(base.copy().put("from", 2_000).put("to", 1_000)),
        ErrorCode.BAD_REQUEST, "'from' (2000) is after 'to' (1000)");
  }

  @Test
  @DisplayName("refuse a limit out of range")
  void badLimits() {
    JsonObject base = new JsonObject().put("symbol", "BTC-USD").put("interval", "1m");
    refused(() -> history(base.copy().put("limit", 0)), ErrorCode.BAD_REQUEST, "'limit'",
        "1 to 1000");
    refused(() -> history(base.copy().put("limit", 1_001)), ErrorCode.BAD_REQUEST, "'limit'");
    refused(() -> history(base.copy().put("limit", "ten")), ErrorCode.BAD_REQUEST, "'limit'");
  }

  @Test
  @DisplayName("read a snapshot request: the symbols asked for in order, or all of them")
  void snapshot() {
    assertThat(PriceQueries.snapshot(new JsonObject(), SYMBOLS)).isEqualTo(SYMBOLS);
    assertThat(PriceQueries.snapshot(new JsonObject().put("symbols",
        new JsonArray().add("ETH-USD").add("BTC-USD").add("ETH-USD")), SYMBOLS))
        .containsExactly("ETH-USD", "BTC-USD");
    refused(() -> PriceQueries.snapshot(new JsonObject().put("symbols", new JsonArray()),
        SYMBOLS), ErrorCode.BAD_REQUEST, "'symbols'");
    refused(() -> PriceQueries.snapshot(new JsonObject().put("symbols", "BTC-USD"), SYMBOLS),
        ErrorCode.BAD_REQUEST, "'symbols'");
    refused(() -> PriceQueries.snapshot(new JsonObject().put("symbols",
        new JsonArray().add("BTC-USD").add("NOPE-USD")), SYMBOLS), ErrorCode.NOT_FOUND,
        "NOPE-USD");
  }
}
