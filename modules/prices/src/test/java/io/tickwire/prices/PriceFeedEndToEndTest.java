package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The price feed, end to end through the WebSocket endpoint with simulated venues")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PriceFeedEndToEndTest {

  static final double DEVIATION_PCT = 0.02;
  static final long HEARTBEAT_MS = 1_000;
  static final double MAX_RATE_PER_SEC = 4;
  static final long OVERVIEW_INTERVAL_MS = 200;

  static PricesFixture node;

  @BeforeAll
  static void start() {
    node = PricesFixture.start(new JsonObject()
        .put("symbols", new JsonArray().add("BTC-USD").add("ETH-USD").add("SOL-USD"))
        .put("deviationPct", DEVIATION_PCT).put("heartbeatMs", HEARTBEAT_MS)
        .put("maxRatePerSec", MAX_RATE_PER_SEC).put("staleAfterMs", 2_000)
        .put("overviewIntervalMs", OVERVIEW_INTERVAL_MS)
        .put("venues", PricesFixture.simulatedVenues(List.of("s1", "s2", "s3", "s4"))));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** The next {@code count} messages of {@code channel}, skipping other frames. */
  static List<JsonObject> messages(TestSocket socket, String channel, int count) {
    List<JsonObject> messages = new ArrayList<>();
    while (messages.size() < count) {
      messages.add(socket.until(frame -> "message".equals(frame.getString("type"))
          && channel.equals(frame.getString("channel"))));
    }
    return messages;
  }

  @Test
  @DisplayName("publishes aggregated BTC-USD values no faster than maxRatePerSec, each a deviation or a heartbeat")
  void rateAndThreshold() {
    TestSocket socket = node.connect();
    JsonObject granted = socket.subscribe("prices.BTC-USD").getJsonArray("channels")
        .getJsonObject(0);
    assertThat(granted.getString("channel")).isEqualTo("prices.BTC-USD");
    List<JsonObject> messages = messages(socket, "prices.BTC-USD", 10);
    long minIntervalMs = PublishGate.minIntervalMs(MAX_RATE_PER_SEC);
    for (int i = 0; i < messages.size(); i++) {
      JsonObject data = messages.get(i).getJsonObject("data");
      assertThat(data.getString("symbol")).isEqualTo("BTC-USD");
      assertThat(data.getDouble("price")).isBetween(50_000.0, 80_000.0);
      // Best bid and best ask come from the venues' consolidated book; both are near the price.
      assertThat(data.getDouble("bid")).isCloseTo(data.getDouble("price"),
          within(data.getDouble("price") * 0.005));
      assertThat(data.getDouble("ask")).isCloseTo(data.getDouble("price"),
          within(data.getDouble("price") * 0.005));
      assertThat(data.getJsonArray("venues").getList()).isNotEmpty()
          .isSubsetOf(List.of("s1", "s2", "s3", "s4"));
      assertThat(data.getJsonObject("excluded")).isNotNull();
      assertThat(data.getDouble("volume24h")).isPositive();
      assertThat(data.fieldNames()).contains("open24h", "high24h", "low24h", "change24h",
          "changePct24h", "ts");
      if (i == 0) {
        continue;
      }
      JsonObject previous = messages.get(i - 1).getJsonObject("data");
      assertThat(messages.get(i).getLong("seq")).isGreaterThan(messages.get(i - 1).getLong("seq"));
      long gapMs = data.getLong("ts") - previous.getLong("ts");
      assertThat(gapMs).as("time between publications").isGreaterThanOrEqualTo(minIntervalMs);
      double movedPct = Math.abs(data.getDouble("price") - previous.getDouble("price"))
          / previous.getDouble("price") * 100;
      assertThat(movedPct >= DEVIATION_PCT - 1e-9 || gapMs >= HEARTBEAT_MS)
          .as("moved %.5f %% after %d ms", movedPct, gapMs).isTrue();
    }
    socket.close();
  }

  @Test
  @DisplayName("answers prices.history with candles that hold every price it published")
  void historyMatchesPublished() {
    TestSocket socket = node.connect();
    socket.subscribe("prices.ETH-USD");
    List<JsonObject> messages = messages(socket, "prices.ETH-USD", 5);
    JsonObject response = socket.request("prices.history", new JsonObject()
        .put("symbol", "ETH-USD").put("interval", "1m"));
    assertThat(response.getString("type")).isEqualTo("response");
    JsonObject data = response.getJsonObject("data");
    assertThat(data.getString("symbol")).isEqualTo("ETH-USD");
    assertThat(data.getString("interval")).isEqualTo("1m");
    JsonArray candles = data.getJsonArray("candles");
    assertThat(candles).isNotEmpty();
    for (int i = 1; i < candles.size(); i++) {
      assertThat(candles.getJsonObject(i).getLong("t"))
          .isGreaterThan(candles.getJsonObject(i - 1).getLong("t"));
    }
    for (JsonObject message : messages) {
      double price = message.getJsonObject("data").getDouble("price");
      long start = CandleInterval.ONE_MINUTE.start(message.getJsonObject("data").getLong("ts"));
      JsonObject candle = candles.stream().map(JsonObject.class::cast)
          .filter(c -> c.getLong("t") == start).findFirst().orElseThrow();
      assertThat(price).isBetween(candle.getDouble("low"), candle.getDouble("high"));
    }
    socket.close();
  }

  @Test
  @DisplayName("answers a subscription to an unconfigured symbol with not_found")
  void unknownSymbol() {
    TestSocket socket = node.connect();
    String id = TestSocket.newId();
    socket.send(new JsonObject().put("type", "subscribe").put("id", id).put("channels",
        new JsonArray().add("prices.DOGE-USD").add("prices.SOL-USD")));
    JsonObject subscribed = socket.next("subscribed");
    assertThat(subscribed.getString("id")).isEqualTo(id);
    assertThat(subscribed.getJsonArray("channels")).hasSize(1);
    JsonObject refused = subscribed.getJsonArray("errors").getJsonObject(0);
    assertThat(refused.getString("code")).isEqualTo("not_found");
    assertThat(refused.getString("channel")).isEqualTo("prices.DOGE-USD");
    socket.close();
  }

  @Test
  @DisplayName("publishes market.overview with every symbol, and the rising ones as gainers and the falling ones as losers, in order")
  void overview() {
    TestSocket socket = node.connect();
    List<String> configured = List.of("BTC-USD", "ETH-USD", "SOL-USD");
    for (String symbol : configured) {
      socket.subscribe("prices." + symbol);
      messages(socket, "prices." + symbol, 1);
    }
    // Every symbol has been published; the overview after the current one is made since then.
    socket.subscribe("market.overview");
    List<JsonObject> messages = messages(socket, "market.overview", 3);
    JsonObject data = messages.get(2).getJsonObject("data");
    assertThat(data.getLong("ts") - messages.get(1).getJsonObject("data").getLong("ts"))
        .isPositive();
    Map<String, JsonObject> bySymbol = new LinkedHashMap<>();
    data.getJsonArray("symbols").forEach(entry -> bySymbol.put(
        ((JsonObject) entry).getString("symbol"), (JsonObject) entry));
    assertThat(bySymbol.keySet()).as("every symbol, in configured order")
        .containsExactlyElementsOf(configured);
    List<String> rising = configured.stream()
        .filter(symbol -> bySymbol.get(symbol).getDouble("changePct24h") > 0)
        .sorted(Comparator.comparingDouble(
            symbol -> -bySymbol.get(symbol).getDouble("changePct24h"))).toList();
    List<String> falling = configured.stream()
        .filter(symbol -> bySymbol.get(symbol).getDouble("changePct24h") < 0)
        .sorted(Comparator.comparingDouble(
            symbol -> bySymbol.get(symbol).getDouble("changePct24h"))).toList();
    // Three symbols are fewer than overviewTop: each rising one is a gainer, each falling one a
    // loser, most first.
    assertThat(ranked(data.getJsonArray("gainers"), bySymbol, 1)).containsExactlyElementsOf(rising);
    assertThat(ranked(data.getJsonArray("losers"), bySymbol, -1))
        .containsExactlyElementsOf(falling);
    socket.close();
  }

  /**
   * The symbols of a gainers ({@code sign} 1) or losers (-1) list, checking that each entry has
   * a change of that sign, in order (largest move first), and the price and change of its
   * {@code symbols} entry.
   */
  static List<String> ranked(JsonArray entries, Map<String, JsonObject> bySymbol, int sign) {
    List<String> symbols = new ArrayList<>();
    double previous = Double.POSITIVE_INFINITY;
    for (Object item : entries) {
      JsonObject entry = (JsonObject) item;
      String symbol = entry.getString("symbol");
      double move = sign * entry.getDouble("changePct24h");
      assertThat(move).as("%s's change", symbol).isPositive().isLessThanOrEqualTo(previous);
      previous = move;
      assertThat(entry.getDouble("price")).isEqualTo(bySymbol.get(symbol).getDouble("price"));
      assertThat(entry.getDouble("changePct24h"))
          .isEqualTo(bySymbol.get(symbol).getDouble("changePct24h"));
      symbols.add(symbol);
    }
    return symbols;
  }

  @Test
  @DisplayName("answers prices.snapshot with the current values, and refuses bad requests precisely")
  void snapshotAndErrors() {
    TestSocket socket = node.connect();
    socket.subscribe("prices.SOL-USD");
    double published = messages(socket, "prices.SOL-USD", 1).get(0).getJsonObject("data")
        .getDouble("price");
    JsonObject snapshot = socket.request("prices.snapshot", new JsonObject()
        .put("symbols", new JsonArray().add("SOL-USD")));
    JsonObject sol = snapshot.getJsonObject("data").getJsonObject("prices")
        .getJsonObject("SOL-USD");
    assertThat(sol.getString("symbol")).isEqualTo("SOL-USD");
    assertThat(sol.getDouble("price")).isCloseTo(published, within(published * 0.05));
    JsonObject all = socket.request("prices.snapshot", new JsonObject());
    assertThat(all.getJsonObject("data").getJsonObject("prices").fieldNames())
        .containsExactlyInAnyOrder("BTC-USD", "ETH-USD", "SOL-USD");

    JsonObject badInterval = socket.request("prices.history", new JsonObject()
        .put("symbol", "BTC-USD").put("interval", "2m"));
    assertThat(badInterval.getString("type")).isEqualTo("error");
    assertThat(badInterval.getString("code")).isEqualTo("bad_request");
    assertThat(badInterval.getString("message")).contains("1m, 5m, 1h");
    JsonObject badSymbol = socket.request("prices.history", new JsonObject()
        .put("symbol", "DOGE-EUR").put("interval", "1m"));
    assertThat(badSymbol.getString("code")).isEqualTo("not_found");
    JsonObject badRange = socket.request("prices.history", new JsonObject()
        .put("symbol", "BTC-USD").put("interval", "1h").put("from", 10).put("to", 5));
    assertThat(badRange.getString("code")).isEqualTo("bad_request");
    assertThat(badRange.getString("message")).contains("after");
    JsonObject badSnapshot = socket.request("prices.snapshot", new JsonObject()
        .put("symbols", new JsonArray().add("NOPE-USD")));
    assertThat(badSnapshot.getString("code")).isEqualTo("not_found");
    socket.close();
  }

  @Test
  @DisplayName("shows every venue's health at /health")
  void health() {
    TestSocket socket = node.connect();
    socket.subscribe("prices.BTC-USD");
    messages(socket, "prices.BTC-USD", 1);
    JsonObject detail = node.get("/health").json().getJsonObject("details").getJsonObject("prices");
    assertThat(detail.getString("status")).isEqualTo("UP");
    assertThat(detail.getJsonObject("venues").fieldNames())
        .containsExactlyInAnyOrder("s1", "s2", "s3", "s4");
    assertThat(detail.getJsonObject("venues").getJsonObject("s1").getBoolean("healthy"))
        .isTrue();
    socket.close();
  }
}
