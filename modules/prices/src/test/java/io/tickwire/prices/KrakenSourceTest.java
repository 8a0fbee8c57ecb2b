package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The Kraken source, against a local Kraken v2-format server")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KrakenSourceTest {

  VenueProbe probe;
  FakeVenue venue;

  @BeforeEach
  void start() {
    probe = new VenueProbe();
    venue = FakeVenue.start(probe.vertx);
  }

  @AfterEach
  void stop() {
    probe.close();
  }

  VenueConfig config(long stallAfterMs, long pingIntervalMs) {
    Map<String, String> symbols = new LinkedHashMap<>();
    symbols.put("BTC-USD", "BTC/USD");
    symbols.put("ETH-USD", "ETH/USD");
    return new VenueConfig("kraken", VenueType.KRAKEN, true, symbols, venue.url("/v2"), 20, 200,
        stallAfterMs, 10, 0, pingIntervalMs, null);
  }

  /** Accepts the connection, checks the three subscribe requests and acknowledges them. */
  FakeVenue.Connection subscribed() {
    FakeVenue.Connection connection = venue.next();
    assertThat(connection.uri).isEqualTo("/v2");
    connection.send(VenueFixtures.krakenStatus());
    for (String channel : new String[] {"ticker", "book", "trade"}) {
      JsonObject request = new JsonObject(connection.next());
      assertThat(request.getString("method")).isEqualTo("subscribe");
      assertThat(request.getJsonObject("params").getString("channel")).isEqualTo(channel);
      assertThat(request.getJsonObject("params").getJsonArray("symbol"))
          .containsExactly("BTC/USD", "ETH/USD");
      for (String pair : new String[] {"BTC/USD", "ETH/USD"}) {
        connection.send(VenueFixtures.krakenSubscribed(pair, request.getLong("req_id"))
            .replace("\"channel\":\"ticker\"", "\"channel\":\"" + channel + "\""));
      }
    }
    return connection;
  }

  @Test
  @DisplayName("subscribes, then reads the snapshot, updates and heartbeats")
  void ticks() {
    probe.deploy(config(30_000, 0));
    FakeVenue.Connection connection = subscribed();
    probe.healthy();
    connection.send(VenueFixtures.krakenTicker("snapshot", "BTC/USD", 26_170.4));
    connection.send(VenueFixtures.krakenHeartbeat());
    connection.send(VenueFixtures.krakenTicker("update", "ETH/USD", 1_600.5));
    Tick btc = probe.nextTick();
    assertThat(btc.symbol()).isEqualTo("BTC-USD");
    assertThat(btc.price()).isEqualTo(26_170.4);
    assertThat(btc.volume24h()).isEqualTo(1_237.48);
    assertThat(probe.nextTick().symbol()).isEqualTo("ETH-USD");
  }

  @Test
  @DisplayName("pings every pingIntervalMs and takes the pong as a sign of life")
  void pings() {
    probe.deploy(config(30_000, 100));
    FakeVenue.Connection connection = subscribed();
    JsonObject ping = new JsonObject(connection.next());
    assertThat(ping.getString("method")).isEqualTo("ping");
    connection.send(VenueFixtures.krakenPong(ping.getLong("req_id")));
    JsonObject next = new JsonObject(connection.next());
    assertThat(next.getString("method")).isEqualTo("ping");
    assertThat(next.getLong("req_id")).isGreaterThan(ping.getLong("req_id"));
  }

  @Test
  @DisplayName("counts a refused subscription as a venue error and goes on")
  void refusedSubscription() {
    probe.deploy(config(30_000, 0));
    FakeVenue.Connection connection = subscribed();
    connection.send("{\"error\":\"Currency pair not supported DOT/USDX\",\"method\":\"subscribe\","
        + "\"req_id\":1,\"success\":false,\"symbol\":\"DOT/USDX\"}");
    connection.send(VenueFixtures.krakenTicker("update", "BTC/USD", 26_000));
    assertThat(probe.nextTick().price()).isEqualTo(26_000);
    assertThat(probe.count("tickwire.prices.venue.malformed", "venue", "kraken", "reason",
        MalformedMessage.VENUE_ERROR)).isEqualTo(1);
  }

  @Test
  @DisplayName("marks a venue that stops talking unhealthy, replaces the connection and recovers")
  void stall() {
    probe.deploy(config(300, 0));
    FakeVenue.Connection first = subscribed();
    first.send(VenueFixtures.krakenTicker("snapshot", "BTC/USD", 26_000));
    probe.nextTick();
    probe.healthy();
    // The server now says nothing at all.
    probe.unhealthy(VenueHealth.STALLED);
    assertThat(probe.board.toJson().getJsonObject("venues").getJsonObject("kraken")
        .getString("reason")).isIn(VenueHealth.STALLED, VenueHealth.DISCONNECTED);
    first.awaitClosed();
    FakeVenue.Connection second = subscribed();
    second.send(VenueFixtures.krakenTicker("snapshot", "BTC/USD", 26_001));
    assertThat(probe.nextTick().price()).isEqualTo(26_001);
    probe.healthy();
  }

  @Test
  @DisplayName("reconnects after the venue drops the TCP connection, subscribes again and recovers")
  void abruptDisconnect() {
    probe.deploy(config(30_000, 0));
    FakeVenue.Connection first = subscribed();
    first.send(VenueFixtures.krakenTicker("snapshot", "BTC/USD", 26_000));
    probe.nextTick();
    probe.healthy();
    first.drop();
    probe.unhealthy(VenueHealth.DISCONNECTED);
    FakeVenue.Connection second = subscribed();
    second.send(VenueFixtures.krakenTicker("snapshot", "BTC/USD", 26_002));
    assertThat(probe.nextTick().price()).isEqualTo(26_002);
    probe.healthy();
    assertThat(probe.count("tickwire.prices.venue.reconnects", "venue", "kraken"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("skips garbage, counting it by reason, keeps the connection and goes on with the next valid ticker")
  void garbage() {
    probe.deploy(config(30_000, 0));
    FakeVenue.Connection connection = subscribed();
    connection.send(VenueFixtures.krakenTicker("snapshot", "BTC/USD", 26_000));
    probe.nextTick();
    probe.healthy();
    connection.send("<html>502 Bad Gateway</html>");
    connection.send("{\"channel\":\"ticker\",\"type\":\"update\",\"data\":[");
    // A ticker without its price, one without data, and one whose price is no number.
    connection.send(VenueFixtures.krakenTicker("update", "BTC/USD", 26_001)
        .replace("\"last\":26001.0,", ""));
    connection.send("{\"channel\":\"ticker\",\"type\":\"update\"}");
    connection.send(VenueFixtures.krakenTicker("update", "BTC/USD", 26_001)
        .replace("\"last\":26001.0", "\"last\":\"lots\""));
    connection.send(VenueFixtures.krakenTicker("update", "DOGE/USD", 0.1));
    connection.send(VenueFixtures.krakenTicker("update", "ETH/USD", 1_600.5));
    Tick eth = probe.nextTick();
    assertThat(eth.symbol()).isEqualTo("ETH-USD");
    assertThat(eth.price()).isEqualTo(1_600.5);
    Map<String, Double> expected = Map.of(MalformedMessage.NOT_JSON, 2.0,
        MalformedMessage.MISSING_FIELD, 2.0, MalformedMessage.BAD_NUMBER, 1.0,
        MalformedMessage.UNKNOWN_SYMBOL, 1.0);
    expected.forEach((reason, count) -> assertThat(probe.count(
        "tickwire.prices.venue.malformed", "venue", "kraken", "reason", reason))
        .as(reason).isEqualTo(count));
    assertThat(probe.ticks).as("no tick from garbage").isEmpty();
    assertThat(probe.board.status("kraken").healthy()).isTrue();
    assertThat(probe.count("tickwire.prices.venue.reconnects", "venue", "kraken")).isZero();
  }

  @Test
  @DisplayName("warns about a configured pair that has not quoted a while after connecting, and shows it on the board until it does")
  void unquotedPair() {
    try (LogLines log = new LogLines(VenueVerticle.class)) {
      probe.deploy(config(30_000, 0), 1_000, VenueVerticle.LOG_INTERVAL_MS);
      FakeVenue.Connection connection = subscribed();
      connection.send(VenueFixtures.krakenTicker("snapshot", "BTC/USD", 26_000));
      probe.nextTick();
      String warning = log.next(line -> line.contains("has quoted nothing"));
      assertThat(warning).contains("ETH-USD as 'ETH/USD'").doesNotContain("BTC");
      assertThat(venueDetail().getJsonArray("unquoted")).containsExactly("ETH-USD");
      connection.send(VenueFixtures.krakenTicker("update", "ETH/USD", 1_600));
      assertThat(probe.nextTick().symbol()).isEqualTo("ETH-USD");
      assertThat(venueDetail().containsKey("unquoted")).isFalse();
    }
  }

  JsonObject venueDetail() {
    return probe.board.toJson().getJsonObject("venues").getJsonObject("kraken");
  }

  @Test
  @DisplayName("checks the book checksum of every message, resubscribes the pair's book on a mismatch, and passes trades on")
  void bookChecksums() {
    probe.deploy(config(30_000, 0));
    FakeVenue.Connection connection = subscribed();
    VenueFixtures.KrakenVenueBook btc =
        new VenueFixtures.KrakenVenueBook("BTC/USD", KrakenProtocol.BOOK_DEPTH);
    connection.send(btc.snapshot(
        KrakenBookProtocolTest.levels("26000.1", "0.50000000", "25999.9", "1.25000000"),
        KrakenBookProtocolTest.levels("26000.2", "0.00100000", "26001.0", "3.00000000")));
    BookEvent snapshot = probe.nextBook();
    assertThat(snapshot.venue()).isEqualTo("kraken");
    assertThat(snapshot.symbol()).isEqualTo("BTC-USD");
    assertThat(snapshot.snapshot()).isTrue();
    assertThat(snapshot.bidPrices()).containsExactly(26_000.1, 25_999.9);
    assertThat(snapshot.askSizes()).containsExactly(0.001, 3.0);
    connection.send(btc.update(KrakenBookProtocolTest.levels("26000.1", "0.75000000"),
        KrakenBookProtocolTest.levels("26000.2", "0")));
    BookEvent update = probe.nextBook();
    assertThat(update.snapshot()).isFalse();
    assertThat(update.bidSizes()).containsExactly(0.75);
    assertThat(update.askPrices()).containsExactly(26_000.2);
    assertThat(update.askSizes()).containsExactly(0.0);
    connection.send(VenueFixtures.krakenTrade("update", "BTC/USD", "buy", "26000.2",
        "0.00100000", 4_665_846, "2023-09-25T07:48:36.925533Z"));
    Trade trade = probe.nextTrade();
    assertThat(trade.id()).isEqualTo("4665846");
    assertThat(trade.side()).isEqualTo("buy");

    connection.send(VenueFixtures.wrongChecksum(btc.update(
        KrakenBookProtocolTest.levels("25999.9", "2.00000000"), new String[0][])));
    BookEvent cleared = probe.nextBook();
    assertThat(cleared.snapshot()).isTrue();
    assertThat(cleared.bidPrices()).isEmpty();
    assertThat(cleared.askPrices()).isEmpty();
    JsonObject unsubscribe = new JsonObject(connection.next());
    assertThat(unsubscribe.getString("method")).isEqualTo("unsubscribe");
    assertThat(unsubscribe.getJsonObject("params").getString("channel")).isEqualTo("book");
    assertThat(unsubscribe.getJsonObject("params").getJsonArray("symbol"))
        .containsExactly("BTC/USD");
    JsonObject subscribe = new JsonObject(connection.next());
    assertThat(subscribe.getString("method")).isEqualTo("subscribe");
    assertThat(subscribe.getJsonObject("params").getString("channel")).isEqualTo("book");
    assertThat(subscribe.getJsonObject("params").getJsonArray("symbol"))
        .containsExactly("BTC/USD");
    connection.send(btc.update(KrakenBookProtocolTest.levels("25999.9", "2.50000000"),
        new String[0][]));
    connection.send(VenueFixtures.krakenSubscribed("BTC/USD", subscribe.getLong("req_id"))
        .replace("\"channel\":\"ticker\"", "\"channel\":\"book\""));
    connection.send(btc.snapshot(
        KrakenBookProtocolTest.levels("26000.0", "1.00000000"),
        KrakenBookProtocolTest.levels("26000.5", "2.00000000")));
    BookEvent fresh = probe.nextBook();
    assertThat(fresh.snapshot()).as("the update before the snapshot was dropped").isTrue();
    assertThat(fresh.bidPrices()).containsExactly(26_000.0);
    assertThat(probe.count("tickwire.prices.venue.gaps", "venue", "kraken")).isEqualTo(1);
    assertThat(probe.count("tickwire.prices.venue.malformed", "venue", "kraken")).isZero();
  }
}
