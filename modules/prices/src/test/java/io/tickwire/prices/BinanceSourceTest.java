package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The Binance source, against a local Binance-format server")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BinanceSourceTest {

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

  VenueConfig config(long reconnectInitialMs, long maxConnectionMs) {
    Map<String, String> symbols = new LinkedHashMap<>();
    symbols.put("BTC-USD", "BTCUSDT");
    symbols.put("ETH-USD", "ETHUSDT");
    return new VenueConfig("binance", VenueType.BINANCE, true, symbols, venue.url(""),
        reconnectInitialMs, Math.max(reconnectInitialMs, 1_000), 30_000, 10, maxConnectionMs,
        0, null);
  }

  @Test
  @DisplayName("names its streams in the URL and maps USDT symbols as configured")
  void combinedStreams() {
    probe.deploy(config(20, 0));
    FakeVenue.Connection connection = venue.next();
    assertThat(connection.uri).isEqualTo("/stream?streams=btcusdt@ticker/btcusdt@depth@100ms/"
        + "btcusdt@trade/ethusdt@ticker/ethusdt@depth@100ms/ethusdt@trade");
    connection.send(VenueFixtures.binanceTicker("ETHUSDT", "1650.10"));
    Tick tick = probe.nextTick();
    assertThat(tick.venue()).isEqualTo("binance");
    assertThat(tick.symbol()).isEqualTo("ETH-USD");
    assertThat(tick.price()).isEqualTo(1_650.10);
    assertThat(tick.volume24h()).isEqualTo(10_000);
    probe.healthy();
    assertThat(connection.received).as("nothing to send: the URL subscribes").isEmpty();
  }

  @Test
  @DisplayName("answers the venue's pings with pongs carrying the same payload")
  void pings() {
    probe.deploy(config(20, 0));
    FakeVenue.Connection connection = venue.next();
    connection.ping();
    assertThat(connection.nextPong().toString()).isEqualTo("ping");
    connection.send(VenueFixtures.binanceTicker("BTCUSDT", "65000.01"));
    assertThat(probe.nextTick().price()).isEqualTo(65_000.01);
  }

  @Test
  @DisplayName("replaces its connection at maxConnectionMs at once, without a backoff")
  void replacesOldConnections() {
    // A one-minute backoff would make the test time out: the replacement must not wait for it.
    probe.deploy(config(60_000, 300));
    FakeVenue.Connection first = venue.next();
    first.send(VenueFixtures.binanceTicker("BTCUSDT", "65000"));
    probe.nextTick();
    first.awaitClosed();
    FakeVenue.Connection second = venue.next();
    second.send(VenueFixtures.binanceTicker("BTCUSDT", "65001"));
    assertThat(probe.nextTick().price()).isEqualTo(65_001);
    assertThat(probe.count("tickwire.prices.venue.reconnects", "venue", "binance"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  @DisplayName("skips garbage, counting it by reason, and goes on with the next valid event")
  void garbage() {
    probe.deploy(config(20, 0));
    FakeVenue.Connection connection = venue.next();
    connection.send("{\"stream\":\"btcusdt@ticker\",\"data\":");
    connection.send(VenueFixtures.binanceTicker("BTCUSDT", "-1"));
    connection.send(VenueFixtures.binanceTicker("DOGEUSDT", "0.1"));
    connection.send("{\"stream\":\"btcusdt@ticker\"}");
    connection.send(VenueFixtures.binanceTicker("BTCUSDT", "65002"));
    assertThat(probe.nextTick().price()).isEqualTo(65_002);
    for (String reason : new String[] {MalformedMessage.NOT_JSON, MalformedMessage.BAD_NUMBER,
        MalformedMessage.UNKNOWN_SYMBOL, MalformedMessage.MISSING_FIELD}) {
      assertThat(probe.count("tickwire.prices.venue.malformed", "venue", "binance", "reason",
          reason)).as(reason).isEqualTo(1);
    }
    assertThat(probe.ticks).isEmpty();
  }

  @Test
  @DisplayName("reconnects after the venue drops the TCP connection, asks for the same streams and recovers")
  void abruptDisconnect() {
    probe.deploy(config(20, 0));
    FakeVenue.Connection first = venue.next();
    first.send(VenueFixtures.binanceTicker("BTCUSDT", "65000"));
    probe.nextTick();
    probe.healthy();
    first.drop();
    probe.unhealthy(VenueHealth.DISCONNECTED);
    FakeVenue.Connection second = venue.next();
    assertThat(second.uri).isEqualTo(first.uri);
    second.send(VenueFixtures.binanceTicker("BTCUSDT", "65003"));
    assertThat(probe.nextTick().price()).isEqualTo(65_003);
    probe.healthy();
    assertThat(probe.count("tickwire.prices.venue.reconnects", "venue", "binance"))
        .isEqualTo(1);
  }
}
