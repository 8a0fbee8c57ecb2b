package io.tickwire.prices;

import static io.tickwire.prices.VenueFixtures.binanceDepth;
import static io.tickwire.prices.VenueFixtures.binanceDepthSnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Binance format's order book and trades")
class BinanceProtocolTest {

  static final long NOW = 1_700_000_000_000L;
  static final String SNAPSHOT_URL =
      "https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000";

  final BinanceProtocol protocol = new BinanceProtocol("binance",
      VenueProtocolTest.map("BTC-USD", "BTCUSDT", "ETH-USD", "ETHUSDT"),
      "https://api.binance.com/");
  final RecordingSink sink = new RecordingSink();

  static String[] levels(String... flat) {
    return flat;
  }

  void send(String text) throws MalformedMessage {
    protocol.onMessage(text, NOW, sink);
  }

  boolean snapshot(long lastUpdateId, String[] bids, String[] asks) throws MalformedMessage {
    return protocol.onFetched("BTCUSDT", binanceDepthSnapshot(lastUpdateId, bids, asks), NOW,
        sink);
  }

  /** A BTCUSDT event U..u with one bid level. */
  static String event(long first, long last, String bidPrice, String bidSize) {
    return binanceDepth("BTCUSDT", first, last, levels(bidPrice, bidSize), levels());
  }

  void malformed(String text, String reason) {
    RecordingSink.assertRefused(reason, fresh -> protocol.onMessage(text, NOW, fresh));
  }

  void malformedSnapshot(String body, String reason) {
    RecordingSink.assertRefused(reason, fresh -> protocol.onFetched("BTCUSDT", body, NOW, fresh));
  }

  static String describe(BookEvent book) {
    StringBuilder text = new StringBuilder(book.symbol()).append(book.snapshot() ? " snapshot" : "");
    for (int i = 0; i < book.bidPrices().length; i++) {
      text.append(" b").append(book.bidPrices()[i]).append('x').append(book.bidSizes()[i]);
    }
    for (int i = 0; i < book.askPrices().length; i++) {
      text.append(" a").append(book.askPrices()[i]).append('x').append(book.askSizes()[i]);
    }
    return text.toString();
  }

  List<String> books() {
    return sink.books.stream().map(BinanceProtocolTest::describe).toList();
  }

  @Test
  @DisplayName("buffer depth events from the first one, clear the book and fetch the REST snapshot")
  void buffersAndFetches() throws Exception {
    send(event(100, 105, "65000.10", "1.5"));
    assertThat(books()).containsExactly("BTC-USD snapshot");
    assertThat(sink.books.get(0).venue()).isEqualTo("binance");
    assertThat(sink.books.get(0).receivedAt()).isEqualTo(NOW);
    assertThat(sink.fetches).containsExactly(List.of("BTCUSDT", SNAPSHOT_URL));
    send(event(106, 108, "65000.20", "0.5"));
    assertThat(sink.books).hasSize(1);
    assertThat(sink.fetches).as("one snapshot at a time").hasSize(1);
    assertThat(sink.alive).isEqualTo(1);
  }

  @Test
  @DisplayName("ask again for a snapshot older than the first buffered event, and take it once it is not")
  void staleSnapshot() throws Exception {
    send(event(100, 105, "65000.10", "1.5"));
    assertThat(snapshot(99, levels("64999", "2"), levels("65001", "3"))).isFalse();
    assertThat(books()).containsExactly("BTC-USD snapshot");
    assertThat(snapshot(100, levels("64999", "2"), levels("65001", "3"))).isTrue();
    assertThat(books()).containsExactly("BTC-USD snapshot",
        "BTC-USD snapshot b64999.0x2.0 a65001.0x3.0", "BTC-USD b65000.1x1.5");
  }

  @Test
  @DisplayName("drop buffered events the snapshot already holds, apply the one straddling it and every next one in order")
  void syncs() throws Exception {
    send(event(90, 95, "64990", "1"));
    send(event(96, 101, "64991", "1"));
    send(event(102, 104, "64992", "1"));
    send(event(105, 105, "64993", "0"));
    assertThat(snapshot(103, levels("65000.5", "1.25", "65000.1", "0.75"),
        levels("65000.6", "2"))).isTrue();
    assertThat(books()).containsExactly("BTC-USD snapshot",
        "BTC-USD snapshot b65000.5x1.25 b65000.1x0.75 a65000.6x2.0",
        "BTC-USD b64992.0x1.0", "BTC-USD b64993.0x0.0");
    send(binanceDepth("BTCUSDT", 106, 110, levels("65000.5", "0"),
        levels("65000.6", "1.5", "65000.9", "4")));
    assertThat(books()).last().isEqualTo("BTC-USD b65000.5x0.0 a65000.6x1.5 a65000.9x4.0");
    // Already applied: ignored.
    send(event(108, 110, "1", "1"));
    assertThat(sink.books).hasSize(5);
    assertThat(sink.gaps).isEmpty();
    assertThat(sink.fetches).hasSize(1);
  }

  @Test
  @DisplayName("on a gap in update ids clear the book, report the gap and sync again from that event")
  void gap() throws Exception {
    send(event(100, 105, "65000", "1"));
    assertThat(snapshot(102, levels("64999", "2"), levels())).isTrue();
    send(event(106, 107, "65000", "2"));
    sink.books.clear();
    sink.fetches.clear();
    send(event(109, 111, "65001", "1"));
    assertThat(sink.gaps).containsExactly("depth of BTCUSDT jumped from update 107 to 109");
    assertThat(books()).containsExactly("BTC-USD snapshot");
    assertThat(sink.fetches).containsExactly(List.of("BTCUSDT", SNAPSHOT_URL));
    send(event(112, 112, "65002", "1"));
    assertThat(sink.books).hasSize(1);
    assertThat(snapshot(110, levels("64998", "1"), levels())).isTrue();
    assertThat(books()).containsExactly("BTC-USD snapshot", "BTC-USD snapshot b64998.0x1.0",
        "BTC-USD b65001.0x1.0", "BTC-USD b65002.0x1.0");
  }

  @Test
  @DisplayName("sync again when the first event after the snapshot does not reach back to it")
  void firstEventMustStraddle() throws Exception {
    send(event(100, 101, "65000", "1"));
    send(event(105, 106, "65001", "1"));
    send(event(107, 107, "65002", "1"));
    // The snapshot holds up to 102; the event 103..104 was never received.
    assertThat(snapshot(102, levels("64999", "2"), levels())).isTrue();
    assertThat(sink.gaps).containsExactly("depth of BTCUSDT jumped from update 102 to 105");
    assertThat(books()).containsExactly("BTC-USD snapshot", "BTC-USD snapshot b64999.0x2.0",
        "BTC-USD snapshot");
    assertThat(sink.fetches).hasSize(2);
    // The events from the gap on stay buffered for the next snapshot.
    assertThat(snapshot(106, levels("64990", "1"), levels())).isTrue();
    assertThat(books()).last().isEqualTo("BTC-USD b65002.0x1.0");
  }

  @Test
  @DisplayName("keep the books of symbols apart")
  void symbolsApart() throws Exception {
    send(event(100, 101, "65000", "1"));
    send(binanceDepth("ETHUSDT", 5, 6, levels("3200", "1"), levels()));
    assertThat(sink.fetches).extracting(fetch -> fetch.get(0))
        .containsExactly("BTCUSDT", "ETHUSDT");
    assertThat(protocol.onFetched("ETHUSDT", binanceDepthSnapshot(5, levels("3199", "1"),
        levels()), NOW, sink)).isTrue();
    assertThat(books()).containsExactly("BTC-USD snapshot", "ETH-USD snapshot",
        "ETH-USD snapshot b3199.0x1.0", "ETH-USD b3200.0x1.0");
    send(event(102, 102, "65000", "2"));
    assertThat(sink.books).hasSize(4);
  }

  @Test
  @DisplayName("read trades: id, price, size, trade time, and the taker's side from the buyer-is-maker flag")
  void trades() throws Exception {
    send(VenueFixtures.binanceTrade("BTCUSDT", 12345, "65000.10", "0.01", 1_672_515_782_136L,
        true));
    send(VenueFixtures.binanceTrade("ETHUSDT", 7, "3200.5", "2", 1_672_515_782_137L, false));
    assertThat(sink.trades).containsExactly(
        new Trade("binance", "BTC-USD", "12345", 65_000.10, 0.01, "sell", 1_672_515_782_136L,
            NOW),
        new Trade("binance", "ETH-USD", "7", 3_200.5, 2, "buy", 1_672_515_782_137L, NOW));
    send(VenueFixtures.binanceTrade("BTCUSDT", 12346, "65000", "1", 1, true)
        .replace("\"m\":true,", ""));
    assertThat(sink.trades.get(2).side()).isNull();
  }

  @Test
  @DisplayName("refuse bad trades and depth events, passing nothing on")
  void garbage() {
    malformed(VenueFixtures.binanceTrade("BTCUSDT", 1, "-1", "1", 1, true),
        MalformedMessage.BAD_NUMBER);
    malformed(VenueFixtures.binanceTrade("BTCUSDT", 1, "1", "0", 1, true),
        MalformedMessage.BAD_NUMBER);
    malformed(VenueFixtures.binanceTrade("BTCUSDT", 1, "Infinity", "1", 1, true),
        MalformedMessage.BAD_NUMBER);
    malformed(VenueFixtures.binanceTrade("BTCUSDT", 1, "1", "1", 1, true)
        .replace("\"m\":true", "\"m\":\"yes\""), MalformedMessage.MISSING_FIELD);
    malformed(VenueFixtures.binanceTrade("XRPUSDT", 1, "1", "1", 1, true),
        MalformedMessage.UNKNOWN_SYMBOL);
    malformed(VenueFixtures.binanceTrade("BTCUSDT", 1, "1", "1", 1, true)
        .replace("btcusdt@trade", "ethusdt@trade"), MalformedMessage.UNEXPECTED);
    malformed(event(100, 101, "-65000", "1"), MalformedMessage.BAD_NUMBER);
    malformed(event(100, 101, "0", "1"), MalformedMessage.BAD_NUMBER);
    malformed(event(100, 101, "65000", "-1"), MalformedMessage.BAD_NUMBER);
    malformed(event(100, 101, "NaN", "1"), MalformedMessage.BAD_NUMBER);
    malformed(event(100, 101, "65000", "1e400"), MalformedMessage.BAD_NUMBER);
    malformed(event(100, 101, "65000", "one"), MalformedMessage.BAD_NUMBER);
    malformed(event(102, 101, "65000", "1"), MalformedMessage.BAD_NUMBER);
    malformed(event(-1, 101, "65000", "1"), MalformedMessage.BAD_NUMBER);
    malformed(event(100, 101, "65000", "1").replace("[[\"65000\",\"1\"]]", "[[\"65000\"]]"),
        MalformedMessage.MISSING_FIELD);
    malformed(event(100, 101, "65000", "1").replace(",\"a\":[]", ""),
        MalformedMessage.MISSING_FIELD);
    malformed(event(100, 101, "65000", "1").replace("\"U\":100", "\"U\":\"100\""),
        MalformedMessage.MISSING_FIELD);
    malformed(event(100, 101, "65000", "1").replace("@depth@100ms", "@depth"),
        MalformedMessage.UNEXPECTED);
  }

  @Test
  @DisplayName("refuse a message with more than 5000 levels on a side, and take one with 5000")
  void levelLimit() throws Exception {
    String[] most = new String[2 * BinanceProtocol.MAX_LEVELS];
    for (int i = 0; i < BinanceProtocol.MAX_LEVELS; i++) {
      most[2 * i] = Integer.toString(60_000 + i);
      most[2 * i + 1] = "1";
    }
    String[] over = java.util.Arrays.copyOf(most, most.length + 2);
    over[most.length] = "1";
    over[most.length + 1] = "1";
    malformed(binanceDepth("BTCUSDT", 1, 2, over, levels()), MalformedMessage.UNEXPECTED);
    malformed(binanceDepth("BTCUSDT", 1, 2, levels(), over), MalformedMessage.UNEXPECTED);
    send(binanceDepth("BTCUSDT", 1, 2, most, most));
    malformedSnapshot(binanceDepthSnapshot(1, over, levels()), MalformedMessage.UNEXPECTED);
    malformedSnapshot(binanceDepthSnapshot(1, levels(), over), MalformedMessage.UNEXPECTED);
    assertThat(snapshot(1, most, levels())).isTrue();
    assertThat(sink.books).last().satisfies(book -> {
      assertThat(book.bidPrices()).hasSize(BinanceProtocol.MAX_LEVELS);
      assertThat(book.askPrices()).hasSize(BinanceProtocol.MAX_LEVELS);
    });
  }

  @Test
  @DisplayName("refuse a bad snapshot, passing nothing on, and take the next good one")
  void badSnapshot() throws Exception {
    send(event(100, 101, "65000", "1"));
    sink.books.clear();
    sink.fetches.clear();
    malformedSnapshot("<html>busy</html>", MalformedMessage.NOT_JSON);
    malformedSnapshot("{\"bids\":[],\"asks\":[]}", MalformedMessage.MISSING_FIELD);
    malformedSnapshot(binanceDepthSnapshot(100, levels("65000", "0"), levels()),
        MalformedMessage.BAD_NUMBER);
    malformedSnapshot(binanceDepthSnapshot(100, levels("65000", "-2"), levels()),
        MalformedMessage.BAD_NUMBER);
    malformedSnapshot(binanceDepthSnapshot(100, levels(), levels("-65000", "2")),
        MalformedMessage.BAD_NUMBER);
    malformedSnapshot(binanceDepthSnapshot(100, levels(), levels("Infinity", "2")),
        MalformedMessage.BAD_NUMBER);
    assertThatThrownBy(() -> protocol.onFetched("DOGEUSDT", binanceDepthSnapshot(1, levels(),
        levels()), NOW, sink)).isInstanceOf(MalformedMessage.class);
    assertThat(snapshot(100, levels("64000", "1"), levels())).isTrue();
    assertThat(books()).containsExactly("BTC-USD snapshot b64000.0x1.0", "BTC-USD b65000.0x1.0");
  }

  @Test
  @DisplayName("keep at most 1000 events buffered per symbol, dropping the oldest")
  void bufferedEventLimit() throws Exception {
    for (int i = 1; i <= BinanceProtocol.MAX_BUFFERED_EVENTS + 1; i++) {
      send(event(100 + i, 100 + i, "65000", Integer.toString(i)));
    }
    // The event 101 was dropped: a snapshot up to 101 is now older than the first buffered one.
    assertThat(snapshot(101, levels("64000", "1"), levels())).isFalse();
    assertThat(snapshot(102, levels("64000", "1"), levels())).isTrue();
    assertThat(sink.books).hasSize(2 + BinanceProtocol.MAX_BUFFERED_EVENTS - 1);
    assertThat(describe(sink.books.get(2))).isEqualTo("BTC-USD b65000.0x3.0");
  }

  @Test
  @DisplayName("keep at most 200000 levels buffered per symbol, dropping the oldest events")
  void bufferedLevelLimit() throws Exception {
    int perSide = 2_000;
    String[] side = new String[2 * perSide];
    for (int i = 0; i < perSide; i++) {
      side[2 * i] = Integer.toString(60_000 + i);
      side[2 * i + 1] = "1";
    }
    int events = BinanceProtocol.MAX_BUFFERED_LEVELS / (2 * perSide);
    for (int i = 1; i <= events + 1; i++) {
      send(binanceDepth("BTCUSDT", 100 + i, 100 + i, side, side));
    }
    assertThat(snapshot(101, levels("64000", "1"), levels())).isFalse();
    assertThat(snapshot(102, levels("64000", "1"), levels())).isTrue();
    assertThat(sink.books).hasSize(2 + events - 1);
  }
}
