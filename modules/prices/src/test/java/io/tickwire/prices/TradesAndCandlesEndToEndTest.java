package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.Addresses;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Trades and live candles, end to end through the WebSocket endpoint")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TradesAndCandlesEndToEndTest {

  static final int MAX_PER_MESSAGE = 50;
  static final List<String> VENUES = List.of("s1", "s2", "s3", "s4");

  static PricesFixture node;

  @BeforeAll
  static void start() {
    node = PricesFixture.start(new JsonObject()
        .put("symbols", new JsonArray().add("BTC-USD").add("ETH-USD"))
        .put("staleAfterMs", 2_000).put("heartbeatMs", 1_000)
        .put("trades", new JsonObject().put("maxPerMessage", MAX_PER_MESSAGE))
        .put("venues", PricesFixture.simulatedVenues(VENUES)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("streams the simulated venues' BTC-USD trades in batches, each in venue time order, no trade twice")
  void trades() {
    TestSocket socket = node.connect();
    socket.subscribe("trades.BTC-USD");
    Map<String, Long> lastId = new HashMap<>();
    int trades = 0;
    for (int m = 0; m < 10; m++) {
      JsonObject data = socket.message("trades.BTC-USD").getJsonObject("data");
      assertThat(data.fieldNames()).containsExactly("symbol", "trades");
      assertThat(data.getString("symbol")).isEqualTo("BTC-USD");
      JsonArray batch = data.getJsonArray("trades");
      assertThat(batch.size()).isBetween(1, MAX_PER_MESSAGE);
      long previousTs = Long.MIN_VALUE;
      for (int i = 0; i < batch.size(); i++) {
        JsonObject trade = batch.getJsonObject(i);
        assertThat(trade.fieldNames()).containsExactly("venue", "id", "price", "size", "side",
            "ts");
        assertThat(trade.getString("venue")).isIn(VENUES);
        assertThat(trade.getDouble("price")).isBetween(50_000.0, 80_000.0);
        assertThat(trade.getDouble("size")).isPositive();
        assertThat(trade.getString("side")).isIn("buy", "sell");
        assertThat(trade.getLong("ts")).isGreaterThanOrEqualTo(previousTs);
        previousTs = trade.getLong("ts");
        // The simulated ids count up per venue: a repeat or a reordering would show here.
        long id = Long.parseLong(trade.getString("id"));
        Long last = lastId.put(trade.getString("venue"), id);
        if (last != null) {
          assertThat(id).as("id after %d at %s", last, trade.getString("venue"))
              .isGreaterThan(last);
        }
        trades++;
      }
    }
    assertThat(trades).isGreaterThan(10);
    socket.close();
  }

  @Test
  @DisplayName("streams the forming BTC-USD 1m candle, volume from the trades, as prices.history has it")
  void formingCandle() {
    TestSocket socket = node.connect();
    socket.subscribe("candles.BTC-USD.1m");
    JsonObject live = socket.message("candles.BTC-USD.1m", data -> !data.getBoolean("closed"))
        .getJsonObject("data");
    assertThat(live.fieldNames()).containsExactly("symbol", "interval", "t", "open", "high",
        "low", "close", "volume", "closed");
    assertThat(live.getString("symbol")).isEqualTo("BTC-USD");
    assertThat(live.getString("interval")).isEqualTo("1m");
    assertThat(live.getLong("t") % 60_000).isZero();
    assertThat(live.getDouble("low")).isPositive().isLessThanOrEqualTo(live.getDouble("open"))
        .isLessThanOrEqualTo(live.getDouble("close"));
    assertThat(live.getDouble("high")).isGreaterThanOrEqualTo(live.getDouble("open"))
        .isGreaterThanOrEqualTo(live.getDouble("close"));
    JsonObject history = socket.request("prices.history", new JsonObject()
        .put("symbol", "BTC-USD").put("interval", "1m")).getJsonObject("data");
    JsonObject candle = history.getJsonArray("candles").stream().map(JsonObject.class::cast)
        .filter(c -> c.getLong("t").equals(live.getLong("t"))).findFirst().orElseThrow();
    // The history may have moved on since the message: it holds at least what was sent.
    assertThat(candle.getDouble("open")).isEqualTo(live.getDouble("open"));
    assertThat(candle.getDouble("high")).isGreaterThanOrEqualTo(live.getDouble("high"));
    assertThat(candle.getDouble("low")).isLessThanOrEqualTo(live.getDouble("low"));
    assertThat(candle.getDouble("volume")).isGreaterThanOrEqualTo(live.getDouble("volume"));
    JsonObject next = socket.message("candles.BTC-USD.1m", data -> data.getDouble("volume")
        > live.getDouble("volume")).getJsonObject("data");
    assertThat(next.getLong("t")).isGreaterThanOrEqualTo(live.getLong("t"));
    socket.close();
  }

  @Test
  @DisplayName("closes six 1m candles and a 5m one on a driven clock, each exactly as prices.history answers it")
  void agreesWithHistory() {
    AtomicLong clock = new AtomicLong();
    long hour = 3_600_000L;
    long t0 = System.currentTimeMillis() / hour * hour - hour;
    long minute = 60_000L;
    try (PricesFixture history = PricesFixture.startHistory(new JsonObject()
        .put("symbols", new JsonArray().add("BTC-USD")), clock::get)) {
      TestSocket socket = history.connect();
      socket.subscribe("candles.BTC-USD.1m", "candles.BTC-USD.5m");
      double price = 65_000;
      List<JsonObject> closedMinutes = new ArrayList<>();
      for (int m = 0; m < 6; m++) {
        for (int k = 0; k < 4; k++) {
          long ts = t0 + m * minute + k * 10_000 + 1_000;
          price += (m * 4 + k) % 3 == 0 ? -7.5 : 5.25;
          // The owner's clock: the value is made now, and seen a moment later.
          clock.set(ts + 5);
          history.vertx.eventBus().publish(Addresses.PRICES_UPDATES,
              LiveCandlesTest.value("BTC-USD", price, 0.5 + k, ts).toUpdateJson());
          // Its forming candle (values are 10 s apart, past the 1 s limit) says it is in; the
          // clock moves on only then, as time would not run ahead of the feed.
          double close = price;
          long start = t0 + m * minute;
          while (true) {
            JsonObject data = socket.message("candles.BTC-USD.1m").getJsonObject("data");
            if (data.getBoolean("closed")) {
              closedMinutes.add(data);
            } else if (data.getLong("t") == start && data.getDouble("close") == close) {
              break;
            }
          }
        }
      }
      // No further value: the sweep closes the last minute once the clock is past it.
      clock.set(t0 + 6 * minute + LiveCandles.CLOSE_GRACE_MS);
      closedMinutes.addAll(closed(socket, "candles.BTC-USD.1m", t0 + 5 * minute));
      assertThat(closedMinutes).extracting(data -> data.getLong("t")).containsExactly(t0,
          t0 + minute, t0 + 2 * minute, t0 + 3 * minute, t0 + 4 * minute, t0 + 5 * minute);
      List<JsonObject> closedFive = closed(socket, "candles.BTC-USD.5m", t0);
      assertThat(closedFive).hasSize(1);
      assertSame(closedMinutes, historyOf(socket, "1m").subList(0, 6));
      assertSame(closedFive, historyOf(socket, "5m").subList(0, 1));
      socket.close();
    }
  }

  /** The closed candles of {@code channel} up to the one starting at {@code last}. */
  static List<JsonObject> closed(TestSocket socket, String channel, long last) {
    List<JsonObject> closed = new ArrayList<>();
    Set<Long> starts = new HashSet<>();
    while (closed.isEmpty() || closed.get(closed.size() - 1).getLong("t") != last) {
      JsonObject data = socket.message(channel).getJsonObject("data");
      if (data.getBoolean("closed")) {
        assertThat(starts.add(data.getLong("t"))).as("closed once").isTrue();
        closed.add(data);
      }
    }
    return closed;
  }

  static List<JsonObject> historyOf(TestSocket socket, String interval) {
    return socket.request("prices.history", new JsonObject().put("symbol", "BTC-USD")
        .put("interval", interval)).getJsonObject("data").getJsonArray("candles").stream()
        .map(JsonObject.class::cast).toList();
  }

  static void assertSame(List<JsonObject> live, List<JsonObject> history) {
    assertThat(live).hasSameSizeAs(history);
    for (int i = 0; i < live.size(); i++) {
      for (String field : List.of("open", "high", "low", "close", "volume")) {
        assertThat(live.get(i).getDouble(field)).as("%s of candle %d", field, i)
            .isEqualTo(history.get(i).getDouble(field));
      }
      assertThat(live.get(i).getLong("t")).isEqualTo(history.get(i).getLong("t"));
    }
  }
}
