package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The Coinbase source, against a local Coinbase-format server")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoinbaseSourceTest {

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

  VenueConfig config(long stallAfterMs, int malformedLimit) {
    return new VenueConfig("coinbase", VenueType.COINBASE, true,
        Map.of("BTC-USD", "BTC-USD", "ETH-USD", "ETH-USD"), venue.url(""), 20, 200,
        stallAfterMs, malformedLimit, 0, 0, null);
  }

  /** Accepts the connection and checks its four subscribe requests. */
  FakeVenue.Connection subscribed() {
    FakeVenue.Connection connection = venue.next();
    assertThat(connection.uri).as("an endpoint without a path is asked for as /").isEqualTo("/");
    for (String channel : new String[] {"ticker", "level2", "market_trades"}) {
      JsonObject request = new JsonObject(connection.next());
      assertThat(request.getString("type")).isEqualTo("subscribe");
      assertThat(request.getString("channel")).isEqualTo(channel);
      assertThat(request.getJsonArray("product_ids")).containsExactlyInAnyOrder("BTC-USD",
          "ETH-USD");
    }
    JsonObject heartbeats = new JsonObject(connection.next());
    assertThat(heartbeats.getString("channel")).isEqualTo("heartbeats");
    return connection;
  }

  @Test
  @DisplayName("subscribes to ticker and heartbeats, then turns snapshots and updates into ticks")
  void ticks() {
    probe.deploy(config(30_000, 10));
    FakeVenue.Connection connection = subscribed();
    connection.send(VenueFixtures.coinbaseSubscriptions(0));
    connection.send(VenueFixtures.coinbaseTicker(1, "snapshot", "BTC-USD", "21932.98"));
    connection.send(VenueFixtures.coinbaseHeartbeat(2, 1));
    connection.send(VenueFixtures.coinbaseTicker(3, "update", "ETH-USD", "1650.25"));
    Tick btc = probe.nextTick();
    assertThat(btc.venue()).isEqualTo("coinbase");
    assertThat(btc.symbol()).isEqualTo("BTC-USD");
    assertThat(btc.price()).isEqualTo(21_932.98);
    assertThat(btc.bid()).isEqualTo(21_932.97);
    Tick eth = probe.nextTick();
    assertThat(eth.symbol()).isEqualTo("ETH-USD");
    assertThat(eth.price()).isEqualTo(1_650.25);
    probe.healthy();
    assertThat(probe.count("tickwire.prices.venue.ticks", "venue", "coinbase")).isEqualTo(2);
    assertThat(probe.board.toJson().getString("status")).isEqualTo("UP");
    probe.undeploy();
    connection.awaitClosed();
  }

  @Test
  @DisplayName("resubscribes the ticker when the sequence skips, and counts the gap")
  void sequenceGap() {
    probe.deploy(config(30_000, 10));
    FakeVenue.Connection connection = subscribed();
    connection.send(VenueFixtures.coinbaseTicker(1, "snapshot", "BTC-USD", "20000"));
    probe.nextTick();
    connection.send(VenueFixtures.coinbaseTicker(7, "update", "BTC-USD", "20001"));
    assertThat(new JsonObject(connection.next()).getString("type")).isEqualTo("unsubscribe");
    JsonObject again = new JsonObject(connection.next());
    assertThat(again.getString("type")).isEqualTo("subscribe");
    assertThat(again.getString("channel")).isEqualTo("ticker");
    assertThat(probe.nextTick().price()).isEqualTo(20_001);
    assertThat(probe.count("tickwire.prices.venue.gaps", "venue", "coinbase")).isEqualTo(1);
    connection.send(VenueFixtures.coinbaseTicker(8, "snapshot", "BTC-USD", "20002"));
    assertThat(probe.nextTick().price()).isEqualTo(20_002);
  }

  @Test
  @DisplayName("counts garbage by reason, keeps the connection, and is unhealthy after malformedLimit in a row until valid data")
  void garbage() {
    probe.deploy(config(30_000, 3));
    FakeVenue.Connection connection = subscribed();
    connection.send(VenueFixtures.coinbaseTicker(1, "snapshot", "BTC-USD", "20000"));
    probe.nextTick();
    probe.healthy();
    connection.send("garbage \u0000 {");
    connection.send(VenueFixtures.coinbaseTicker(100, "update", "BTC-USD", "twenty"));
    connection.send(VenueFixtures.coinbaseTicker(100, "update", "SHIB-USD", "0.00001"));
    JsonObject unhealthy = probe.unhealthy(VenueHealth.MALFORMED);
    assertThat(unhealthy.getString("venue")).isEqualTo("coinbase");
    assertThat(probe.board.toJson().getString("status")).isEqualTo("DOWN");
    assertThat(probe.count("tickwire.prices.venue.malformed", "venue", "coinbase", "reason",
        MalformedMessage.NOT_JSON)).isEqualTo(1);
    assertThat(probe.count("tickwire.prices.venue.malformed", "venue", "coinbase", "reason",
        MalformedMessage.BAD_NUMBER)).isEqualTo(1);
    assertThat(probe.count("tickwire.prices.venue.malformed", "venue", "coinbase", "reason",
        MalformedMessage.UNKNOWN_SYMBOL)).isEqualTo(1);
    connection.send(VenueFixtures.coinbaseHeartbeat(2, 5));
    connection.send(VenueFixtures.coinbaseTicker(3, "update", "BTC-USD", "20010"));
    assertThat(probe.nextTick().price()).isEqualTo(20_010);
    probe.healthy();
    assertThat(probe.count("tickwire.prices.venue.reconnects", "venue", "coinbase")).isZero();
  }

  @Test
  @DisplayName("reconnects after an abrupt disconnect, subscribes again and recovers")
  void abruptDisconnect() {
    probe.deploy(config(30_000, 10));
    FakeVenue.Connection first = subscribed();
    first.send(VenueFixtures.coinbaseTicker(1, "snapshot", "BTC-USD", "20000"));
    probe.nextTick();
    probe.healthy();
    first.drop();
    probe.unhealthy(VenueHealth.DISCONNECTED);
    FakeVenue.Connection second = subscribed();
    second.send(VenueFixtures.coinbaseTicker(1, "snapshot", "BTC-USD", "20100"));
    assertThat(probe.nextTick().price()).isEqualTo(20_100);
    probe.healthy();
    assertThat(probe.count("tickwire.prices.venue.reconnects", "venue", "coinbase"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  @DisplayName("keeps trying while the venue refuses connections, and connects once it accepts")
  void venueRefuses() {
    venue.refuse(3);
    probe.deploy(config(30_000, 10));
    assertThat(probe.health(report -> true).getString("reason"))
        .isEqualTo(VenueHealth.CONNECTING);
    FakeVenue.Connection connection = subscribed();
    assertThat(venue.refused()).isEqualTo(3);
    assertThat(probe.count("tickwire.prices.venue.reconnects", "venue", "coinbase"))
        .isEqualTo(3);
    connection.send(VenueFixtures.coinbaseTicker(1, "snapshot", "ETH-USD", "1600"));
    assertThat(probe.nextTick().symbol()).isEqualTo("ETH-USD");
    probe.healthy();
  }

  @Test
  @DisplayName("passes the book on through snapshot, updates, a sequence gap and the resubscribed snapshot, and passes trades on")
  void bookAndTrades() {
    probe.deploy(config(30_000, 10));
    FakeVenue.Connection connection = subscribed();
    connection.send(VenueFixtures.coinbaseSubscriptions(0));
    connection.send(VenueFixtures.coinbaseLevel2(1, "snapshot", "BTC-USD",
        "bid", "20000", "1.5", "offer", "20000.5", "2"));
    BookEvent snapshot = probe.nextBook();
    assertThat(snapshot.venue()).isEqualTo("coinbase");
    assertThat(snapshot.symbol()).isEqualTo("BTC-USD");
    assertThat(snapshot.snapshot()).isTrue();
    assertThat(snapshot.bidPrices()).containsExactly(20_000.0);
    assertThat(snapshot.bidSizes()).containsExactly(1.5);
    assertThat(snapshot.askPrices()).containsExactly(20_000.5);
    connection.send(VenueFixtures.coinbaseLevel2(2, "update", "BTC-USD",
        "bid", "20000", "0", "bid", "19999.5", "3"));
    BookEvent update = probe.nextBook();
    assertThat(update.snapshot()).isFalse();
    assertThat(update.bidPrices()).containsExactly(20_000.0, 19_999.5);
    assertThat(update.bidSizes()).containsExactly(0.0, 3.0);
    connection.send(VenueFixtures.coinbaseTrades(3, "update", "555", "BTC-USD", "20000.5",
        "0.25", "SELL", "2023-02-09T20:19:35.396Z"));
    Trade trade = probe.nextTrade();
    assertThat(trade.id()).isEqualTo("555");
    assertThat(trade.price()).isEqualTo(20_000.5);
    assertThat(trade.side()).isEqualTo("sell");

    // Messages 4 to 8 are lost.
    connection.send(VenueFixtures.coinbaseLevel2(9, "update", "BTC-USD", "bid", "19999", "1"));
    java.util.List<BookEvent> cleared = java.util.List.of(probe.nextBook(), probe.nextBook());
    assertThat(cleared).allMatch(book -> book.snapshot() && book.bidPrices().length == 0
        && book.askPrices().length == 0);
    assertThat(cleared).extracting(BookEvent::symbol)
        .containsExactlyInAnyOrder("BTC-USD", "ETH-USD");
    for (String channel : new String[] {"ticker", "level2", "market_trades"}) {
      JsonObject unsubscribe = new JsonObject(connection.next());
      assertThat(unsubscribe.getString("type")).isEqualTo("unsubscribe");
      assertThat(unsubscribe.getString("channel")).isEqualTo(channel);
      JsonObject subscribe = new JsonObject(connection.next());
      assertThat(subscribe.getString("type")).isEqualTo("subscribe");
      assertThat(subscribe.getString("channel")).isEqualTo(channel);
    }
    connection.send(VenueFixtures.coinbaseLevel2(10, "update", "BTC-USD", "bid", "19998", "1"));
    connection.send(VenueFixtures.coinbaseLevel2(11, "snapshot", "BTC-USD",
        "bid", "19997", "4", "offer", "19998.5", "1"));
    BookEvent fresh = probe.nextBook();
    assertThat(fresh.snapshot()).as("the update before the snapshot was dropped").isTrue();
    assertThat(fresh.bidPrices()).containsExactly(19_997.0);
    assertThat(probe.count("tickwire.prices.venue.gaps", "venue", "coinbase")).isEqualTo(1);
    assertThat(probe.count("tickwire.prices.venue.malformed", "venue", "coinbase")).isZero();
  }
}
