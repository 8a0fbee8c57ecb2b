package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The venue formats")
class VenueProtocolTest {

  static final long NOW = 1_700_000_000_000L;

  static Map<String, String> map(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  static void malformed(VenueProtocol protocol, String text, String reason) {
    RecordingSink.assertRefused(reason, sink -> protocol.onMessage(text, NOW, sink));
  }

  @Nested
  @DisplayName("of Coinbase")
  class Coinbase {

    final CoinbaseProtocol protocol = new CoinbaseProtocol("coinbase",
        map("BTC-USD", "BTC-USD", "ETH-USD", "ETH-USD"));

    @Test
    @DisplayName("subscribe to ticker, level2 and market_trades for the products and to heartbeats")
    void subscribe() {
      assertThat(protocol.subscribe()).extracting(JsonObject::new).containsExactly(
          new JsonObject("{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],"
              + "\"channel\":\"ticker\"}"),
          new JsonObject("{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],"
              + "\"channel\":\"level2\"}"),
          new JsonObject("{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],"
              + "\"channel\":\"market_trades\"}"),
          new JsonObject("{\"type\":\"subscribe\",\"channel\":\"heartbeats\"}"));
    }

    @Test
    @DisplayName("read a ticker field by field: price, best bid and ask, volume and the 24-hour view")
    void ticker() throws Exception {
      RecordingSink sink = new RecordingSink();
      protocol.onMessage(VenueFixtures.coinbaseSubscriptions(0), NOW, sink);
      protocol.onMessage(VenueFixtures.coinbaseTicker(1, "snapshot", "BTC-USD", "21932.98"),
          NOW, sink);
      assertThat(sink.alive).isEqualTo(1);
      Tick tick = sink.ticks.get(0);
      assertThat(tick.venue()).isEqualTo("coinbase");
      assertThat(tick.symbol()).isEqualTo("BTC-USD");
      assertThat(tick.price()).isEqualTo(21_932.98);
      assertThat(tick.bid()).isEqualTo(21_932.97);
      assertThat(tick.ask()).isEqualTo(21_933.05);
      assertThat(tick.volume24h()).isEqualTo(16_038.28770938);
      assertThat(tick.high24h()).isEqualTo(23_011.18);
      assertThat(tick.low24h()).isEqualTo(21_835.29);
      assertThat(tick.open24h()).isCloseTo(21_932.98 / (1 - 0.0415775596190603), within(1e-6));
      assertThat(tick.receivedAt()).isEqualTo(NOW);
    }

    @Test
    @DisplayName("resubscribe the data channels on a sequence gap and ignore repeated sequence numbers")
    void gap() throws Exception {
      RecordingSink sink = new RecordingSink();
      protocol.onMessage(VenueFixtures.coinbaseHeartbeat(5, 1), NOW, sink);
      protocol.onMessage(VenueFixtures.coinbaseTicker(6, "update", "ETH-USD", "1600.5"), NOW,
          sink);
      assertThat(sink.gaps).isEmpty();
      protocol.onMessage(VenueFixtures.coinbaseTicker(9, "update", "ETH-USD", "1601"), NOW, sink);
      assertThat(sink.gaps).containsExactly("sequence_num jumped from 6 to 9");
      assertThat(sink.sent).extracting(text -> new JsonObject(text).getString("type"))
          .containsExactly("unsubscribe", "subscribe", "unsubscribe", "subscribe", "unsubscribe",
              "subscribe");
      assertThat(sink.sent).extracting(text -> new JsonObject(text).getString("channel"))
          .containsExactly("ticker", "ticker", "level2", "level2", "market_trades",
              "market_trades");
      assertThat(sink.books).as("every book is dropped until its snapshot")
          .allMatch(book -> book.snapshot() && book.bidPrices().length == 0
              && book.askPrices().length == 0)
          .extracting(BookEvent::symbol).containsExactlyInAnyOrder("BTC-USD", "ETH-USD");
      assertThat(sink.ticks).extracting(Tick::price).containsExactly(1600.5, 1601.0);
      protocol.onMessage(VenueFixtures.coinbaseTicker(8, "update", "ETH-USD", "1500"), NOW, sink);
      assertThat(sink.ticks).hasSize(2);
    }

    @Test
    @DisplayName("refuse garbage with a reason each")
    void garbage() {
      malformed(protocol, "not json at all", MalformedMessage.NOT_JSON);
      malformed(protocol, "[1,2,3]", MalformedMessage.NOT_JSON);
      malformed(protocol, "{\"channel\":\"ticker\",\"events\":[]}", MalformedMessage.MISSING_FIELD);
      malformed(protocol, VenueFixtures.coinbaseTicker(1, "update", "BTC-USD", "abc"),
          MalformedMessage.BAD_NUMBER);
      malformed(protocol, VenueFixtures.coinbaseTicker(1, "update", "BTC-USD", "-5"),
          MalformedMessage.BAD_NUMBER);
      malformed(protocol, VenueFixtures.coinbaseTicker(1, "update", "DOGE-USD", "0.1"),
          MalformedMessage.UNKNOWN_SYMBOL);
      malformed(protocol, "{\"channel\":\"level2\",\"sequence_num\":1,\"events\":[]}",
          MalformedMessage.UNEXPECTED);
      malformed(protocol, "{\"type\":\"error\",\"message\":\"failure to subscribe\"}",
          MalformedMessage.VENUE_ERROR);
    }
  }

  @Nested
  @DisplayName("of Binance")
  class Binance {

    final BinanceProtocol protocol = new BinanceProtocol("binance",
        map("BTC-USD", "BTCUSDT", "ETH-USDT", "ETHUSDT"), "https://api.binance.com");

    @Test
    @DisplayName("name the streams in the URL and send nothing after connecting")
    void url() {
      assertThat(protocol.url("wss://stream.binance.com:9443/"))
          .isEqualTo("wss://stream.binance.com:9443/stream?streams=btcusdt@ticker/"
              + "btcusdt@depth@100ms/btcusdt@trade/ethusdt@ticker/ethusdt@depth@100ms/"
              + "ethusdt@trade");
      assertThat(protocol.subscribe()).isEmpty();
    }

    @Test
    @DisplayName("read a 24-hour ticker event field by field")
    void ticker() throws Exception {
      RecordingSink sink = new RecordingSink();
      protocol.onMessage(VenueFixtures.binanceTicker("BTCUSDT", "0.0025"), NOW, sink);
      Tick tick = sink.ticks.get(0);
      assertThat(tick.symbol()).isEqualTo("BTC-USD");
      assertThat(tick.price()).isEqualTo(0.0025);
      assertThat(tick.bid()).isEqualTo(0.0024);
      assertThat(tick.ask()).isEqualTo(0.0026);
      assertThat(tick.volume24h()).isEqualTo(10_000);
      assertThat(tick.open24h()).isEqualTo(0.0010);
      assertThat(tick.high24h()).isEqualTo(0.0025);
      assertThat(tick.low24h()).isEqualTo(0.0010);
      protocol.onMessage("{\"result\":null,\"id\":1}", NOW, sink);
      assertThat(sink.alive).isEqualTo(1);
    }

    @Test
    @DisplayName("refuse garbage with a reason each")
    void garbage() {
      malformed(protocol, "}{", MalformedMessage.NOT_JSON);
      malformed(protocol, "{\"stream\":\"btcusdt@ticker\"}", MalformedMessage.MISSING_FIELD);
      malformed(protocol, VenueFixtures.binanceTicker("BTCUSDT", "NaN"),
          MalformedMessage.BAD_NUMBER);
      malformed(protocol, VenueFixtures.binanceTicker("XRPUSDT", "0.5"),
          MalformedMessage.UNKNOWN_SYMBOL);
      malformed(protocol, VenueFixtures.binanceTicker("BTCUSDT", "1").replace("24hrTicker",
          "trade"), MalformedMessage.UNEXPECTED);
      malformed(protocol, "{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":1}",
          MalformedMessage.VENUE_ERROR);
    }
  }

  @Nested
  @DisplayName("of Kraken")
  class Kraken {

    final KrakenProtocol protocol = new KrakenProtocol("kraken",
        map("BTC-USD", "BTC/USD", "ETH-USD", "ETH/USD"));

    @Test
    @DisplayName("subscribe to ticker for the pairs, and ping with the method ping")
    void subscribe() {
      JsonObject request = new JsonObject(protocol.subscribe().get(0));
      assertThat(request.getString("method")).isEqualTo("subscribe");
      assertThat(request.getJsonObject("params").getString("channel")).isEqualTo("ticker");
      assertThat(request.getJsonObject("params").getJsonArray("symbol"))
          .containsExactly("BTC/USD", "ETH/USD");
      assertThat(request.getLong("req_id")).isEqualTo(1);
      assertThat(new JsonObject(protocol.ping()).getString("method")).isEqualTo("ping");
    }

    @Test
    @DisplayName("read snapshots and updates field by field, and take status, heartbeat, acks and pongs as signs of life")
    void ticker() throws Exception {
      RecordingSink sink = new RecordingSink();
      protocol.onMessage(VenueFixtures.krakenStatus(), NOW, sink);
      protocol.onMessage(VenueFixtures.krakenSubscribed("BTC/USD", 1), NOW, sink);
      protocol.onMessage(VenueFixtures.krakenTicker("snapshot", "BTC/USD", 26_170.4), NOW, sink);
      protocol.onMessage(VenueFixtures.krakenHeartbeat(), NOW, sink);
      protocol.onMessage(VenueFixtures.krakenTicker("update", "ETH/USD", 1_600), NOW, sink);
      protocol.onMessage(VenueFixtures.krakenPong(2), NOW, sink);
      assertThat(sink.alive).isEqualTo(4);
      assertThat(sink.ticks).extracting(Tick::symbol).containsExactly("BTC-USD", "ETH-USD");
      Tick tick = sink.ticks.get(0);
      assertThat(tick.price()).isEqualTo(26_170.4);
      assertThat(tick.bid()).isCloseTo(26_170.3, within(1e-9));
      assertThat(tick.ask()).isCloseTo(26_170.5, within(1e-9));
      assertThat(tick.volume24h()).isEqualTo(1_237.48);
      assertThat(tick.open24h()).isCloseTo(26_200.9, within(1e-9));
      assertThat(tick.high24h()).isEqualTo(26_500);
    }

    @Test
    @DisplayName("refuse garbage and refused subscriptions with a reason each")
    void garbage() {
      malformed(protocol, "", MalformedMessage.NOT_JSON);
      malformed(protocol, "{\"foo\":1}", MalformedMessage.MISSING_FIELD);
      malformed(protocol, VenueFixtures.krakenTicker("snapshot", "BTC/USD", 1)
          .replace("\"last\":1.0", "\"last\":\"x\""), MalformedMessage.BAD_NUMBER);
      malformed(protocol, VenueFixtures.krakenTicker("snapshot", "DOT/USD", 5),
          MalformedMessage.UNKNOWN_SYMBOL);
      malformed(protocol, VenueFixtures.krakenTicker("delta", "BTC/USD", 5),
          MalformedMessage.UNEXPECTED);
      malformed(protocol, "{\"method\":\"subscribe\",\"success\":false,"
          + "\"error\":\"Currency pair not supported XBT/USDX\"}", MalformedMessage.VENUE_ERROR);
    }
  }
}
