package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The prices configuration")
class PricesConfigTest {

  static PricesConfig read(JsonObject prices) {
    return PricesConfig.from(Section.root(new JsonObject().put("prices", prices))
        .section("prices"));
  }

  static void refused(JsonObject prices, String key, String problem) {
    assertThatThrownBy(() -> read(prices)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(key).hasMessageContaining(problem);
  }

  @Test
  @DisplayName("defaults to ten symbols from one simulated source of four venues")
  void defaults() {
    PricesConfig config = read(new JsonObject());
    assertThat(config.enabled()).isTrue();
    assertThat(config.symbols()).hasSize(10).startsWith("BTC-USD", "ETH-USD")
        .contains("MATIC-USD");
    assertThat(config.staleAfterMs()).isEqualTo(10_000);
    assertThat(config.outlierPct()).isEqualTo(2);
    assertThat(config.maxRatePerSec()).isEqualTo(10);
    assertThat(config.overviewIntervalMs()).isEqualTo(1_000);
    assertThat(config.candles1mRetentionMs()).isEqualTo(86_400_000L);
    assertThat(config.candles5mRetentionMs()).isEqualTo(7 * 86_400_000L);
    assertThat(config.candles1hRetentionMs()).isEqualTo(30 * 86_400_000L);
    assertThat(config.venues()).hasSize(1);
    VenueConfig simulated = config.venues().get(0);
    assertThat(simulated.type()).isEqualTo(VenueType.SIMULATED);
    assertThat(simulated.venueNames()).containsExactly("sim-alpha", "sim-beta", "sim-gamma",
        "sim-delta");
    assertThat(simulated.symbols()).containsOnlyKeys(config.symbols());
  }

  @Test
  @DisplayName("spells unmapped symbols each venue's way and keeps USD apart from USDT")
  void venueSymbols() {
    PricesConfig config = read(new JsonObject().put("symbols", new JsonArray()
            .add("BTC-USD").add("ETH-USDT"))
        .put("venues", new JsonObject()
            .put("coinbase", new JsonObject().put("type", "coinbase"))
            .put("binance", new JsonObject().put("type", "binance")
                .put("symbols", new JsonObject().put("BTC-USD", "BTCUSDT")))
            .put("kraken", new JsonObject().put("type", "kraken"))));
    assertThat(config.venues().get(0).symbols()).containsEntry("BTC-USD", "BTC-USD")
        .containsEntry("ETH-USDT", "ETH-USDT");
    assertThat(config.venues().get(1).symbols()).containsExactlyEntriesOf(
        java.util.Map.of("BTC-USD", "BTCUSDT"));
    assertThat(config.venues().get(2).symbols()).containsEntry("BTC-USD", "BTC/USD");
    assertThat(config.venues().get(2).url()).isEqualTo("wss://ws.kraken.com/v2");
    assertThat(config.venues().get(1).maxConnectionMs()).isPositive()
        .isLessThan(86_400_000L);
    assertThat(config.venues().get(2).pingIntervalMs()).isPositive();
  }

  @Test
  @DisplayName("refuses unknown keys, at every level")
  void unknownKeys() {
    refused(new JsonObject().put("staleAfter", 1), "prices.staleAfter", "unknown key");
    refused(new JsonObject().put("venues", new JsonObject().put("cb", new JsonObject()
        .put("type", "coinbase").put("pingEveryMs", 1))), "prices.venues.cb.pingEveryMs",
        "unknown key");
    refused(new JsonObject().put("venues", new JsonObject().put("sim", new JsonObject()
        .put("type", "simulated").put("url", "ws://x"))), "prices.venues.sim.url", "unknown key");
  }

  @Test
  @DisplayName("refuses bad symbols and values out of range, naming the key")
  void badValues() {
    refused(new JsonObject().put("symbols", new JsonArray().add("btc-usd")), "prices.symbols",
        "btc-usd");
    refused(new JsonObject().put("symbols", new JsonArray().add("BTC-USD").add("BTC-USD")),
        "prices.symbols", "twice");
    refused(new JsonObject().put("symbols", new JsonArray()), "prices.symbols", "at least one");
    refused(new JsonObject().put("outlierPct", 0), "prices.outlierPct", "from");
    refused(new JsonObject().put("maxRatePerSec", 0), "prices.maxRatePerSec", "from");
    refused(new JsonObject().put("candles1mRetentionMs", 1_000), "prices.candles1mRetentionMs",
        "from");
  }

  @Test
  @DisplayName("refuses venues without a known type, with a bad URL or a bad symbol map")
  void badVenues() {
    refused(new JsonObject().put("venues", new JsonObject().put("x", new JsonObject())),
        "prices.venues.x.type", "required");
    refused(new JsonObject().put("venues", new JsonObject().put("x", new JsonObject()
        .put("type", "ftx"))), "prices.venues.x.type", "one of");
    refused(new JsonObject().put("venues", new JsonObject().put("x", new JsonObject()
        .put("type", "kraken").put("url", "https://ws.kraken.com"))), "prices.venues.x.url",
        "ws://");
    refused(new JsonObject().put("venues", new JsonObject().put("x", new JsonObject()
        .put("type", "binance").put("symbols", new JsonObject().put("PEPE-USD", "PEPEUSDT")))),
        "prices.venues.x.symbols.PEPE-USD", "not one of prices.symbols");
    refused(new JsonObject().put("venues", new JsonObject().put("x", new JsonObject()
        .put("type", "binance").put("symbols", new JsonObject().put("BTC-USD", "BTCUSDT")
            .put("ETH-USD", "BTCUSDT")))), "prices.venues.x.symbols.ETH-USD", "BTCUSDT");
    refused(new JsonObject().put("venues", new JsonObject().put("Bad Name", new JsonObject()
        .put("type", "kraken"))), "prices.venues.Bad Name", "venue name");
    refused(new JsonObject().put("venues", new JsonObject().put("x", new JsonObject()
        .put("type", "kraken").put("reconnectInitialMs", 5_000).put("reconnectMaxMs", 1_000))),
        "prices.venues.x.reconnectMaxMs", "not be below");
  }

  @Test
  @DisplayName("refuses two enabled sources quoting under one venue name, and no enabled venue at all")
  void venueNames() {
    refused(new JsonObject().put("venues", new JsonObject()
        .put("a", new JsonObject().put("type", "simulated").put("venues", "x,y"))
        .put("b", new JsonObject().put("type", "simulated").put("venues", "y"))),
        "prices.venues.b", "'y'");
    refused(new JsonObject().put("venues", new JsonObject()
        .put("a", new JsonObject().put("type", "kraken").put("enabled", false))),
        "prices.venues", "at least one venue must be enabled");
    PricesConfig disabled = read(new JsonObject().put("enabled", false).put("venues",
        new JsonObject().put("a", new JsonObject().put("type", "kraken").put("enabled", false))));
    assertThat(disabled.activeVenues()).isEmpty();
  }

  @Test
  @DisplayName("reads a simulated source's settings")
  void simulation() {
    PricesConfig config = read(new JsonObject().put("venues", new JsonObject()
        .put("sim", new JsonObject().put("type", "simulated").put("venues",
                new JsonArray(List.of("one", "two", "three"))).put("seed", 7)
            .put("ticksPerSec", 10).put("incidentEveryMs", 0))));
    SimulationConfig simulation = config.venues().get(0).simulation();
    assertThat(simulation.venues()).containsExactly("one", "two", "three");
    assertThat(simulation.seed()).isEqualTo(7);
    assertThat(simulation.ticksPerSec()).isEqualTo(10);
    assertThat(simulation.incidentEveryMs()).isZero();
    assertThat(simulation.noisePct()).isEqualTo(SimulationConfig.DEFAULT_NOISE_PCT);
  }

  @Test
  @DisplayName("reads Binance's REST endpoint for book snapshots, refusing a bad one and any on other venues")
  void restUrl() {
    PricesConfig config = read(new JsonObject().put("venues", new JsonObject()
        .put("binance", new JsonObject().put("type", "binance"))
        .put("local", new JsonObject().put("type", "binance").put("restUrl",
            "http://127.0.0.1:8080/"))
        .put("kraken", new JsonObject().put("type", "kraken"))));
    assertThat(config.venues().get(0).restUrl()).isEqualTo("https://api.binance.com");
    assertThat(config.venues().get(1).restUrl()).isEqualTo("http://127.0.0.1:8080/");
    assertThat(config.venues().get(2).restUrl()).isNull();
    refused(new JsonObject().put("venues", new JsonObject().put("x", new JsonObject()
        .put("type", "binance").put("restUrl", "wss://api.binance.com"))),
        "prices.venues.x.restUrl", "http://");
    refused(new JsonObject().put("venues", new JsonObject().put("x", new JsonObject()
        .put("type", "binance").put("restUrl", "https://api.binance.com/?x=1"))),
        "prices.venues.x.restUrl", "without a query");
    refused(new JsonObject().put("venues", new JsonObject().put("x", new JsonObject()
        .put("type", "binance").put("restUrl", "not a url at all"))),
        "prices.venues.x.restUrl", "http://");
    refused(new JsonObject().put("venues", new JsonObject().put("x", new JsonObject()
        .put("type", "kraken").put("restUrl", "https://api.kraken.com"))),
        "prices.venues.x.restUrl", "unknown key");
  }

  @Test
  @DisplayName("reads the book section: depth 1 to 100, a publish rate and a per-venue level limit")
  void book() {
    BookConfig defaults = read(new JsonObject()).book();
    assertThat(defaults).isEqualTo(new BookConfig(20, 10, 1_000));
    BookConfig set = read(new JsonObject().put("book", new JsonObject().put("depth", 50)
        .put("maxRatePerSec", 2.5).put("maxVenueLevels", 200))).book();
    assertThat(set).isEqualTo(new BookConfig(50, 2.5, 200));
    refused(new JsonObject().put("book", new JsonObject().put("depth", 0)), "prices.book.depth",
        "from 1 to 100");
    refused(new JsonObject().put("book", new JsonObject().put("depth", 101)),
        "prices.book.depth", "from 1 to 100");
    refused(new JsonObject().put("book", new JsonObject().put("maxRatePerSec", 0)),
        "prices.book.maxRatePerSec", "from");
    refused(new JsonObject().put("book", new JsonObject().put("maxVenueLevels", 10)),
        "prices.book.maxVenueLevels", "from 20");
    refused(new JsonObject().put("book", new JsonObject().put("maxVenueLevels", 1_000_000)),
        "prices.book.maxVenueLevels", "to 100000");
    refused(new JsonObject().put("book", new JsonObject().put("levels", 5)), "prices.book.levels",
        "unknown key");
    refused(new JsonObject().put("book", 5), "prices.book", "must be an object");
  }

  @Test
  @DisplayName("reads prices.trades with its defaults and refuses values past its limits")
  void trades() {
    TradesConfig defaults = read(new JsonObject()).trades();
    assertThat(defaults).isEqualTo(TradesConfig.defaults());
    assertThat(defaults.maxRatePerSec()).isEqualTo(10);
    assertThat(defaults.maxPerMessage()).isEqualTo(100);
    assertThat(defaults.dedupIds()).isEqualTo(1_000);
    assertThat(defaults.maxBacklog()).isEqualTo(5_000);
    TradesConfig set = read(new JsonObject().put("trades", new JsonObject()
        .put("maxRatePerSec", 2).put("maxPerMessage", 10).put("dedupIds", 50)
        .put("maxBacklog", 10))).trades();
    assertThat(set).isEqualTo(new TradesConfig(2, 10, 50, 10));
    refused(new JsonObject().put("trades", 5), "prices.trades", "object");
    refused(new JsonObject().put("trades", new JsonObject().put("rate", 1)),
        "prices.trades.rate", "unknown key");
    refused(new JsonObject().put("trades", new JsonObject().put("maxRatePerSec", 0)),
        "prices.trades.maxRatePerSec", "from");
    refused(new JsonObject().put("trades", new JsonObject().put("maxRatePerSec", 101)),
        "prices.trades.maxRatePerSec", "from");
    refused(new JsonObject().put("trades", new JsonObject().put("maxPerMessage", 0)),
        "prices.trades.maxPerMessage", "from");
    refused(new JsonObject().put("trades", new JsonObject().put("maxPerMessage", 1_001)),
        "prices.trades.maxPerMessage", "from");
    refused(new JsonObject().put("trades", new JsonObject().put("dedupIds", 0)),
        "prices.trades.dedupIds", "from");
    refused(new JsonObject().put("trades", new JsonObject().put("dedupIds", 100_001)),
        "prices.trades.dedupIds", "from");
    refused(new JsonObject().put("trades", new JsonObject().put("maxPerMessage", 50)
        .put("maxBacklog", 49)), "prices.trades.maxBacklog", "at least maxPerMessage");
  }
}
