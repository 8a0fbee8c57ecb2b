package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Gauge;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("A venue's quotes, through the feed, to a WebSocket client and into the history")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VenueToClientTest {

  Vertx venueVertx;
  FakeVenue venue;
  PricesFixture node;

  @BeforeEach
  void start() {
    venueVertx = Vertx.vertx();
    venue = FakeVenue.start(venueVertx);
  }

  /** A node quoting BTC-USD and ETH-USD from the local Coinbase and {@code more} venues. */
  void startNode(JsonObject more) {
    JsonObject venues = more.copy().put("coinbase", new JsonObject().put("type", "coinbase")
        .put("url", venue.url("/")));
    // Every move published, as fast as 1000 a second: each quote becomes a value.
    node = PricesFixture.start(new JsonObject()
        .put("symbols", new JsonArray().add("BTC-USD").add("ETH-USD"))
        .put("deviationPct", 0).put("heartbeatMs", 600_000).put("maxRatePerSec", 1_000)
        .put("staleAfterMs", 600_000).put("venues", venues));
  }

  @AfterEach
  void stop() {
    node.close();
    Await.result(venueVertx.close());
  }

  @Test
  @DisplayName("publishes every quote's value, and prices.history has exactly the candles of what was published")
  void candlesMatchPublished() {
    startNode(new JsonObject());
    TestSocket socket = node.connect();
    long seq = socket.subscribe("prices.BTC-USD").getJsonArray("channels").getJsonObject(0)
        .getLong("seq");
    FakeVenue.Connection connection = venue.next();
    connection.next();
    connection.next();
    int quotes = 12;
    double lastPrice = 0;
    for (int i = 0; i < quotes; i++) {
      lastPrice = 20_000 + (i % 5) * 7.5 - i;
      connection.send(VenueFixtures.coinbaseTicker(i + 1, "update", "BTC-USD",
          String.valueOf(lastPrice), String.valueOf(1_000 + i * 0.25)));
    }
    List<JsonObject> received = new ArrayList<>();
    while (received.isEmpty() || received.get(received.size() - 1).getJsonObject("data")
        .getDouble("price") != lastPrice) {
      JsonObject message = socket.next("message");
      assertThat(message.getLong("seq")).as("no message skipped").isEqualTo(++seq);
      received.add(message);
    }
    assertThat(received.size()).isBetween(2, quotes);
    JsonObject first = received.get(0).getJsonObject("data");
    assertThat(first.getJsonArray("venues")).containsExactly("coinbase");
    assertThat(first.getJsonObject("excluded")).isEmpty();
    assertThat(first.getDouble("bid")).isEqualTo(21_932.97);

    JsonObject response = socket.request("prices.history", new JsonObject()
        .put("symbol", "BTC-USD").put("interval", "1m"));
    JsonArray candles = response.getJsonObject("data").getJsonArray("candles");
    Map<Long, List<Double>> published = new LinkedHashMap<>();
    for (JsonObject message : received) {
      JsonObject data = message.getJsonObject("data");
      published.computeIfAbsent(CandleInterval.ONE_MINUTE.start(data.getLong("ts")),
          t -> new ArrayList<>()).add(data.getDouble("price"));
    }
    assertThat(candles.stream().map(c -> ((JsonObject) c).getLong("t")).toList())
        .containsExactlyElementsOf(published.keySet());
    double volume = 0;
    for (Object entry : candles) {
      JsonObject candle = (JsonObject) entry;
      List<Double> prices = published.get(candle.getLong("t"));
      assertThat(candle.getDouble("open")).isEqualTo(prices.get(0));
      assertThat(candle.getDouble("close")).isEqualTo(prices.get(prices.size() - 1));
      assertThat(candle.getDouble("high")).isEqualTo(prices.stream().mapToDouble(p -> p).max()
          .orElseThrow());
      assertThat(candle.getDouble("low")).isEqualTo(prices.stream().mapToDouble(p -> p).min()
          .orElseThrow());
      volume += candle.getDouble("volume");
    }
    assertThat(volume).as("the rise of the venue's 24-hour volume")
        .isCloseTo((quotes - 1) * 0.25, within(1e-6));

    JsonObject snapshot = socket.request("prices.snapshot", new JsonObject()
        .put("symbols", new JsonArray().add("BTC-USD").add("ETH-USD")))
        .getJsonObject("data").getJsonObject("prices");
    assertThat(snapshot.getJsonObject("BTC-USD").getDouble("price")).isEqualTo(lastPrice);
    assertThat(snapshot.getValue("ETH-USD")).as("nothing quoted yet").isNull();
    socket.close();
  }

  @Test
  @DisplayName("excludes a venue that sends garbage as unhealthy until it sends valid data again")
  void garbageVenue() {
    startNode(new JsonObject().put("sim", new JsonObject().put("type", "simulated")
        .put("venues", new JsonArray().add("s1").add("s2").add("s3")).put("ticksPerSec", 20)
        .put("volatilityPct", 0.001).put("noisePct", 0.001).put("incidentEveryMs", 0)));
    TestSocket socket = node.connect();
    socket.subscribe("prices.ETH-USD");
    FakeVenue.Connection connection = venue.next();
    connection.next();
    connection.next();
    double price = socket.next("message").getJsonObject("data").getDouble("price");
    connection.send(VenueFixtures.coinbaseTicker(1, "snapshot", "ETH-USD", String.valueOf(price)));
    socket.until(frame -> "message".equals(frame.getString("type")) && frame.getJsonObject("data")
        .getJsonArray("venues").contains("coinbase"));

    for (int i = 0; i < VenueConfig.DEFAULT_MALFORMED_LIMIT; i++) {
      connection.send("{\"channel\":\"ticker\",\"garbage\":" + i + "}");
    }
    JsonObject excluded = socket.until(frame -> "message".equals(frame.getString("type"))
        && "unhealthy".equals(frame.getJsonObject("data").getJsonObject("excluded")
            .getString("coinbase"))).getJsonObject("data");
    assertThat(excluded.getJsonArray("venues")).containsExactly("s1", "s2", "s3");
    JsonObject detail = node.get("/health").json().getJsonObject("details").getJsonObject("prices");
    assertThat(detail.getString("status")).isEqualTo("DEGRADED");
    assertThat(detail.getJsonObject("venues").getJsonObject("coinbase").getString("reason"))
        .isEqualTo(VenueHealth.MALFORMED);
    assertThat(node.node.registry().find("tickwire.prices.venue.malformed")
        .tags("venue", "coinbase", "reason", MalformedMessage.MISSING_FIELD).counter().count())
        .isEqualTo(VenueConfig.DEFAULT_MALFORMED_LIMIT);
    // The board hears of a health change before the feed does, so these are settled by now.
    assertThat(healthGauge("coinbase")).isZero();
    assertThat(healthGauge("s1")).isEqualTo(1);

    connection.send(VenueFixtures.coinbaseTicker(2, "update", "ETH-USD", String.valueOf(price)));
    socket.until(frame -> "message".equals(frame.getString("type")) && frame.getJsonObject("data")
        .getJsonArray("venues").contains("coinbase"));
    assertThat(healthGauge("coinbase")).isEqualTo(1);
    socket.close();
  }

  double healthGauge(String venue) {
    Gauge gauge = node.node.registry().find("tickwire.prices.venue.healthy").tags("venue", venue)
        .gauge();
    assertThat(gauge).as("the health gauge of " + venue).isNotNull();
    return gauge.value();
  }
}
