package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Coinbase level2 and market_trades format")
class CoinbaseBookProtocolTest {

  static final long NOW = 1_700_000_000_000L;

  final CoinbaseProtocol protocol = new CoinbaseProtocol("coinbase",
      VenueProtocolTest.map("BTC-USD", "BTC-USD", "ETH-USD", "ETH-USD"));
  final RecordingSink sink = new RecordingSink();

  void read(String message) throws MalformedMessage {
    protocol.onMessage(message, NOW, sink);
  }

  void malformed(String message, String reason) {
    RecordingSink.assertRefused(reason, fresh -> protocol.onMessage(message, NOW, fresh));
  }

  @Test
  @DisplayName("turn l2_data snapshots and updates into book events, bids and offers apart, in the order sent")
  void book() throws Exception {
    read(VenueFixtures.coinbaseLevel2(1, "snapshot", "BTC-USD",
        "bid", "21921.73", "0.06317902", "bid", "21921.3", "0.02",
        "offer", "21921.74", "0.5", "offer", "21922.1", "1.25"));
    BookEvent snapshot = sink.books.get(0);
    assertThat(snapshot.venue()).isEqualTo("coinbase");
    assertThat(snapshot.symbol()).isEqualTo("BTC-USD");
    assertThat(snapshot.snapshot()).isTrue();
    assertThat(snapshot.bidPrices()).containsExactly(21_921.73, 21_921.3);
    assertThat(snapshot.bidSizes()).containsExactly(0.06317902, 0.02);
    assertThat(snapshot.askPrices()).containsExactly(21_921.74, 21_922.1);
    assertThat(snapshot.askSizes()).containsExactly(0.5, 1.25);
    assertThat(snapshot.receivedAt()).isEqualTo(NOW);
    read(VenueFixtures.coinbaseLevel2(2, "update", "BTC-USD",
        "offer", "21921.74", "0", "bid", "21921.5", "0.3"));
    BookEvent update = sink.books.get(1);
    assertThat(update.snapshot()).isFalse();
    assertThat(update.bidPrices()).containsExactly(21_921.5);
    assertThat(update.askPrices()).containsExactly(21_921.74);
    assertThat(update.askSizes()).containsExactly(0.0);
    assertThat(sink.alive).isZero();
  }

  @Test
  @DisplayName("ignore a product's book updates until its snapshot")
  void updateBeforeSnapshot() throws Exception {
    read(VenueFixtures.coinbaseLevel2(1, "update", "ETH-USD", "bid", "1600.1", "2"));
    assertThat(sink.books).isEmpty();
    assertThat(sink.alive).isEqualTo(1);
    read(VenueFixtures.coinbaseLevel2(2, "snapshot", "ETH-USD", "bid", "1600.1", "2"));
    read(VenueFixtures.coinbaseLevel2(3, "update", "ETH-USD", "bid", "1600.1", "3"));
    assertThat(sink.books).extracting(BookEvent::snapshot).containsExactly(true, false);
  }

  @Test
  @DisplayName("on a sequence gap, clear every book first, resubscribe, and wait for fresh snapshots")
  void gap() throws Exception {
    read(VenueFixtures.coinbaseLevel2(1, "snapshot", "BTC-USD", "bid", "20000", "1"));
    read(VenueFixtures.coinbaseLevel2(2, "snapshot", "ETH-USD", "bid", "1600", "1"));
    sink.books.clear();
    List<String> order = new ArrayList<>();
    VenueProtocol.VenueSink ordered = new VenueProtocol.VenueSink() {
      @Override
      public void tick(Tick tick) {
        order.add("tick");
      }

      @Override
      public void book(BookEvent book) {
        sink.book(book);
        order.add(book.snapshot() && book.bidPrices().length == 0 ? "cleared" : "book");
      }

      @Override
      public void alive() {
        order.add("alive");
      }

      @Override
      public void send(String text) {
        sink.send(text);
        order.add("send");
      }

      @Override
      public void gap(String detail) {
        sink.gap(detail);
        order.add("gap");
      }
    };
    protocol.onMessage(VenueFixtures.coinbaseLevel2(5, "update", "BTC-USD", "bid", "20001", "1"),
        NOW, ordered);
    assertThat(sink.gaps).containsExactly("sequence_num jumped from 2 to 5");
    assertThat(order).containsExactly("gap", "cleared", "cleared", "send", "send", "send",
        "send", "send", "send", "alive");
    assertThat(sink.books).extracting(BookEvent::symbol)
        .containsExactlyInAnyOrder("BTC-USD", "ETH-USD");
    read(VenueFixtures.coinbaseLevel2(6, "update", "ETH-USD", "bid", "1601", "1"));
    assertThat(sink.books).hasSize(2);
    read(VenueFixtures.coinbaseLevel2(7, "snapshot", "BTC-USD", "bid", "20002", "1"));
    read(VenueFixtures.coinbaseLevel2(8, "update", "BTC-USD", "bid", "20003", "1"));
    assertThat(sink.books).extracting(BookEvent::snapshot).containsExactly(true, true, true,
        false);
  }

  @Test
  @DisplayName("read market_trades field by field, the taker side in lower case and unknown sides as null")
  void trades() throws Exception {
    read(VenueFixtures.coinbaseTrades(1, "update",
        "000000123", "BTC-USD", "21921.73", "0.01", "BUY", "2019-08-14T20:42:27.265Z",
        "000000124", "ETH-USD", "1260.01", "0.3", "SELL", "2019-08-14T20:42:27.266Z",
        "000000125", "ETH-USD", "1260.02", "0.4", "UNKNOWN_ORDER_SIDE",
        "2019-08-14T20:42:27.267Z"));
    assertThat(sink.trades).extracting(Trade::id)
        .containsExactly("000000123", "000000124", "000000125");
    Trade first = sink.trades.get(0);
    assertThat(first.venue()).isEqualTo("coinbase");
    assertThat(first.symbol()).isEqualTo("BTC-USD");
    assertThat(first.price()).isEqualTo(21_921.73);
    assertThat(first.size()).isEqualTo(0.01);
    assertThat(first.side()).isEqualTo("buy");
    assertThat(first.ts()).isEqualTo(Instant.parse("2019-08-14T20:42:27.265Z").toEpochMilli());
    assertThat(first.receivedAt()).isEqualTo(NOW);
    assertThat(sink.trades).extracting(Trade::side).containsExactly("buy", "sell", null);
  }

  @Test
  @DisplayName("refuse book and trade messages past their limits, with nothing reaching the sink")
  void limits() throws Exception {
    String level2 = VenueFixtures.coinbaseLevel2(1, "snapshot", "BTC-USD", "bid", "20000", "1");
    malformed(level2.replace("\"side\":\"bid\"", "\"side\":\"ask\""), MalformedMessage.UNEXPECTED);
    malformed(level2.replace("\"20000\"", "\"-20000\""), MalformedMessage.BAD_NUMBER);
    malformed(level2.replace("\"20000\"", "\"0\""), MalformedMessage.BAD_NUMBER);
    malformed(level2.replace("\"20000\"", "\"Infinity\""), MalformedMessage.BAD_NUMBER);
    malformed(level2.replace("\"new_quantity\":\"1\"", "\"new_quantity\":\"-1\""),
        MalformedMessage.BAD_NUMBER);
    malformed(level2.replace("\"new_quantity\":\"1\"", "\"new_quantity\":\"NaN\""),
        MalformedMessage.BAD_NUMBER);
    malformed(level2.replace(",\"new_quantity\":\"1\"", ""), MalformedMessage.MISSING_FIELD);
    malformed(level2.replace("BTC-USD", "DOGE-USD"), MalformedMessage.UNKNOWN_SYMBOL);
    malformed(level2.replace("\"snapshot\"", "\"delta\""), MalformedMessage.UNEXPECTED);
    String[] levels = new String[(CoinbaseProtocol.MAX_LEVELS + 1) * 3];
    for (int i = 0; i <= CoinbaseProtocol.MAX_LEVELS; i++) {
      levels[3 * i] = "bid";
      levels[3 * i + 1] = Integer.toString(10_000 + i);
      levels[3 * i + 2] = "1";
    }
    malformed(VenueFixtures.coinbaseLevel2(1, "snapshot", "BTC-USD", levels),
        MalformedMessage.UNEXPECTED);
    String trade = VenueFixtures.coinbaseTrades(1, "update", "1", "BTC-USD", "20000", "0.1",
        "BUY", "2019-08-14T20:42:27.265Z");
    malformed(trade.replace("\"size\":\"0.1\"", "\"size\":\"0\""), MalformedMessage.BAD_NUMBER);
    malformed(trade.replace("2019-08-14T20:42:27.265Z", "last tuesday"),
        MalformedMessage.BAD_NUMBER);
    malformed(trade.replace("\"trade_id\":\"1\"", "\"trade_id\":\"" + "9".repeat(65) + "\""),
        MalformedMessage.UNEXPECTED);
    String[] trades = new String[(CoinbaseProtocol.MAX_TRADES + 1) * 6];
    for (int i = 0; i <= CoinbaseProtocol.MAX_TRADES; i++) {
      System.arraycopy(new String[] {Integer.toString(i), "BTC-USD", "20000", "0.1", "BUY",
          "2019-08-14T20:42:27.265Z"}, 0, trades, 6 * i, 6);
    }
    malformed(VenueFixtures.coinbaseTrades(1, "update", trades), MalformedMessage.UNEXPECTED);
    // The sequence did not move on a malformed message: 1 is still the first.
    read(level2);
    assertThat(sink.books).hasSize(1);
    assertThat(sink.gaps).isEmpty();
  }
}
