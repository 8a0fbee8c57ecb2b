package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.StringJoiner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Kraken v2 book and trade format")
class KrakenBookProtocolTest {

  static final long NOW = 1_700_000_000_000L;

  final KrakenProtocol protocol = new KrakenProtocol("kraken",
      VenueProtocolTest.map("BTC-USD", "BTC/USD", "ETH-USD", "ETH/USD"));
  final RecordingSink sink = new RecordingSink();
  final VenueFixtures.KrakenVenueBook btc =
      new VenueFixtures.KrakenVenueBook("BTC/USD", KrakenProtocol.BOOK_DEPTH);
  final VenueFixtures.KrakenVenueBook eth =
      new VenueFixtures.KrakenVenueBook("ETH/USD", KrakenProtocol.BOOK_DEPTH);

  static String[][] levels(String... priceQty) {
    String[][] levels = new String[priceQty.length / 2][];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = new String[] {priceQty[2 * i], priceQty[2 * i + 1]};
    }
    return levels;
  }

  void read(String message) throws MalformedMessage {
    protocol.onMessage(message, NOW, sink);
  }

  void malformed(String message, String reason) {
    RecordingSink.assertRefused(reason, fresh -> protocol.onMessage(message, NOW, fresh));
  }

  String snapshotBtc() {
    return btc.snapshot(
        levels("45283.5", "0.10000000", "45283.4", "1.54582015", "45282.1", "0.10000000"),
        levels("45285.2", "0.00100000", "45286.4", "1.54582015", "45290.0", "2.50000000"));
  }

  @Test
  @DisplayName("compute the checksum as Kraken documents it, over the numbers' text as sent")
  void checksum() {
    StringBuilder text = new StringBuilder();
    KrakenBook.digits(text, new BigDecimal("45285.2"));
    text.append('|');
    KrakenBook.digits(text, new BigDecimal("0.00100000"));
    assertThat(text).hasToString("452852|100000");
    // Eleven asks and ten bids: only the ten best of each count. Value computed apart from
    // this code, with a CRC32 over the documented concatenation.
    KrakenBook book = new KrakenBook(25);
    String[] asks = {"45285.2", "0.00100000", "45286.4", "1.54582015", "45286.6", "1.54592586",
        "45289.6", "1.54613335", "45290.2", "0.07425343", "45291.2", "0.03310000", "45291.9",
        "0.00109000", "45292.0", "0.60000000", "45293.3", "1.54672025", "45294.4", "0.01000000",
        "45300.0", "9.99"};
    String[] bids = {"45283.5", "0.10000000", "45283.4", "1.54582015", "45282.1", "0.10000000",
        "45281.0", "0.10000000", "45280.3", "1.54592586", "45279.0", "0.07990000", "45277.6",
        "0.03310000", "45277.5", "0.30000000", "45277.3", "1.54613335", "45276.9", "0.02000000"};
    for (int i = asks.length - 2; i >= 0; i -= 2) {
      book.set(false, new BigDecimal(asks[i]), new BigDecimal(asks[i + 1]));
    }
    for (int i = 0; i < bids.length; i += 2) {
      book.set(true, new BigDecimal(bids[i]), new BigDecimal(bids[i + 1]));
    }
    assertThat(book.checksum()).isEqualTo(3_837_257_899L);
  }

  @Test
  @DisplayName("subscribe to ticker, book at depth 25 and trade for the pairs")
  void subscribe() {
    assertThat(protocol.subscribe()).extracting(text -> new JsonObject(text)
        .getJsonObject("params").getString("channel")).containsExactly("ticker", "book", "trade");
    JsonObject book = new JsonObject(protocol.subscribe().get(1)).getJsonObject("params");
    assertThat(book.getInteger("depth")).isEqualTo(KrakenProtocol.BOOK_DEPTH);
    assertThat(book.getJsonArray("symbol")).containsExactly("BTC/USD", "ETH/USD");
  }

  @Test
  @DisplayName("turn a snapshot and checked updates into book events; a qty of 0 removes")
  void snapshotAndUpdates() throws Exception {
    read(snapshotBtc());
    BookEvent snapshot = sink.books.get(0);
    assertThat(snapshot.venue()).isEqualTo("kraken");
    assertThat(snapshot.symbol()).isEqualTo("BTC-USD");
    assertThat(snapshot.snapshot()).isTrue();
    assertThat(snapshot.bidPrices()).containsExactly(45_283.5, 45_283.4, 45_282.1);
    assertThat(snapshot.bidSizes()).containsExactly(0.1, 1.54582015, 0.1);
    assertThat(snapshot.askPrices()).containsExactly(45_285.2, 45_286.4, 45_290.0);
    assertThat(snapshot.receivedAt()).isEqualTo(NOW);
    // Trailing zeros as sent: the checksum only matches when they are kept.
    read(btc.update(levels("45283.5", "0.20000000", "45282.1", "0"),
        levels("45285.3", "0.50000000")));
    BookEvent update = sink.books.get(1);
    assertThat(update.snapshot()).isFalse();
    assertThat(update.bidPrices()).containsExactly(45_283.5, 45_282.1);
    assertThat(update.bidSizes()).containsExactly(0.2, 0.0);
    assertThat(update.askPrices()).containsExactly(45_285.3);
    assertThat(sink.gaps).isEmpty();
    assertThat(sink.sent).isEmpty();
  }

  @Test
  @DisplayName("keep the book to the subscribed depth and pass on the level an insertion pushes out")
  void truncation() throws Exception {
    String[] bids = new String[KrakenProtocol.BOOK_DEPTH * 2];
    for (int i = 0; i < KrakenProtocol.BOOK_DEPTH; i++) {
      bids[2 * i] = (100 - i) + ".0";
      bids[2 * i + 1] = "1.00000000";
    }
    read(btc.snapshot(levels(bids), levels("101.0", "1.00000000")));
    assertThat(sink.books.get(0).bidPrices()).hasSize(KrakenProtocol.BOOK_DEPTH);
    read(btc.update(levels("99.5", "2.00000000"), new String[0][]));
    BookEvent update = sink.books.get(1);
    assertThat(update.bidPrices()).containsExactly(99.5, 100.0 - KrakenProtocol.BOOK_DEPTH + 1);
    assertThat(update.bidSizes()).containsExactly(2.0, 0.0);
    assertThat(sink.gaps).isEmpty();
  }

  @Test
  @DisplayName("on a checksum mismatch, clear the pair's book, resubscribe it, and ignore its updates until the new snapshot")
  void mismatch() throws Exception {
    read(snapshotBtc());
    read(eth.snapshot(levels("1600.1", "3.0"), levels("1600.2", "4.0")));
    sink.books.clear();
    read(VenueFixtures.wrongChecksum(btc.update(levels("45283.5", "0.3"), new String[0][])));
    assertThat(sink.gaps).singleElement().asString().contains("BTC/USD");
    assertThat(sink.books).singleElement().satisfies(book -> {
      assertThat(book.symbol()).isEqualTo("BTC-USD");
      assertThat(book.snapshot()).isTrue();
      assertThat(book.bidPrices()).isEmpty();
      assertThat(book.askPrices()).isEmpty();
    });
    assertThat(sink.sent).extracting(JsonObject::new).satisfiesExactly(
        request -> {
          assertThat(request.getString("method")).isEqualTo("unsubscribe");
          assertThat(request.getJsonObject("params").getString("channel")).isEqualTo("book");
          assertThat(request.getJsonObject("params").getJsonArray("symbol"))
              .containsExactly("BTC/USD");
        },
        request -> {
          assertThat(request.getString("method")).isEqualTo("subscribe");
          assertThat(request.getJsonObject("params").getInteger("depth"))
              .isEqualTo(KrakenProtocol.BOOK_DEPTH);
          assertThat(request.getJsonObject("params").getJsonArray("symbol"))
              .containsExactly("BTC/USD");
        });
    sink.books.clear();
    // Still in flight before the renewed subscription: ignored, even with a right checksum.
    read(btc.update(levels("45283.5", "0.4"), new String[0][]));
    assertThat(sink.books).isEmpty();
    // The other pair goes on as before.
    read(eth.update(levels("1600.0", "1.5"), new String[0][]));
    assertThat(sink.books).extracting(BookEvent::symbol).containsExactly("ETH-USD");
    read(snapshotBtc());
    assertThat(sink.books.get(1).snapshot()).isTrue();
    read(btc.update(levels("45283.5", "0.5"), new String[0][]));
    assertThat(sink.books.get(2).bidSizes()).containsExactly(0.5);
    assertThat(sink.gaps).hasSize(1);
  }

  @Test
  @DisplayName("check the snapshot's checksum too")
  void snapshotMismatch() throws Exception {
    read(VenueFixtures.wrongChecksum(snapshotBtc()));
    assertThat(sink.gaps).hasSize(1);
    assertThat(sink.books).singleElement().satisfies(book -> {
      assertThat(book.bidPrices()).isEmpty();
      assertThat(book.snapshot()).isTrue();
    });
    assertThat(sink.sent).hasSize(2);
  }

  @Test
  @DisplayName("read trades field by field, the trade id as text")
  void trades() throws Exception {
    read(VenueFixtures.krakenTrade("update", "ETH/USD", "sell", "1600.25", "0.5", 4_665_846,
        "2023-09-25T07:48:36.925533Z"));
    Trade trade = sink.trades.get(0);
    assertThat(trade.venue()).isEqualTo("kraken");
    assertThat(trade.symbol()).isEqualTo("ETH-USD");
    assertThat(trade.id()).isEqualTo("4665846");
    assertThat(trade.price()).isEqualTo(1_600.25);
    assertThat(trade.size()).isEqualTo(0.5);
    assertThat(trade.side()).isEqualTo("sell");
    assertThat(trade.ts()).isEqualTo(java.time.Instant.parse("2023-09-25T07:48:36.925Z")
        .toEpochMilli());
    assertThat(trade.receivedAt()).isEqualTo(NOW);
  }

  @Test
  @DisplayName("refuse book and trade messages past their limits, with nothing reaching the sink and the book unchanged")
  void limits() throws Exception {
    read(snapshotBtc());
    String update = btc.update(levels("45283.5", "0.7"), new String[0][]);
    malformed(update.replace("\"price\":45283.5", "\"price\":-45283.5"),
        MalformedMessage.BAD_NUMBER);
    malformed(update.replace("\"price\":45283.5", "\"price\":0"), MalformedMessage.BAD_NUMBER);
    malformed(update.replace("\"qty\":0.7", "\"qty\":-0.7"), MalformedMessage.BAD_NUMBER);
    malformed(update.replace("\"qty\":0.7", "\"qty\":1e400"), MalformedMessage.BAD_NUMBER);
    malformed(update.replace("\"qty\":0.7", "\"qty\":\"NaN\""), MalformedMessage.BAD_NUMBER);
    malformed(update.replace("\"qty\":0.7", "\"qty\":1e-400"), MalformedMessage.BAD_NUMBER);
    malformed(update.replace("\"price\":45283.5,", ""), MalformedMessage.MISSING_FIELD);
    malformed(update.replaceFirst("\"checksum\":\\d+", "\"checksum\":4294967296"),
        MalformedMessage.BAD_NUMBER);
    malformed(update.replaceFirst("\"checksum\":\\d+,", ""), MalformedMessage.MISSING_FIELD);
    malformed(update.replace("BTC/USD", "DOT/USD"), MalformedMessage.UNKNOWN_SYMBOL);
    malformed(update.replace("\"update\"", "\"delta\""), MalformedMessage.UNEXPECTED);
    StringJoiner many = new StringJoiner(",");
    for (int i = 0; i <= KrakenProtocol.MAX_LEVELS; i++) {
      many.add("{\"price\":" + (1000 + i) + ".5,\"qty\":1.0}");
    }
    malformed(update.replaceFirst("\"asks\":\\[\\]", "\"asks\":[" + many + "]"),
        MalformedMessage.UNEXPECTED);
    String trade = VenueFixtures.krakenTrade("update", "BTC/USD", "buy", "45000.1", "0.1", 7,
        "2023-09-25T07:48:36.925533Z");
    malformed(trade.replace("\"qty\":0.1", "\"qty\":0"), MalformedMessage.BAD_NUMBER);
    malformed(trade.replace("2023-09-25T07:48:36.925533Z", "yesterday"),
        MalformedMessage.BAD_NUMBER);
    malformed(trade.replace("\"trade_id\":7", "\"trade_id\":7.5"), MalformedMessage.MISSING_FIELD);
    StringJoiner trades = new StringJoiner(",");
    String one = trade.substring(trade.indexOf("[") + 1, trade.lastIndexOf("]"));
    for (int i = 0; i <= KrakenProtocol.MAX_TRADES; i++) {
      trades.add(one);
    }
    malformed(trade.substring(0, trade.indexOf("[") + 1) + trades + "]}",
        MalformedMessage.UNEXPECTED);
    // None of it touched the book: the update still matches the venue's checksum.
    read(update);
    assertThat(sink.gaps).isEmpty();
    assertThat(sink.books.get(1).bidSizes()).containsExactly(0.7);
  }

  @Test
  @DisplayName("renew a book that mismatches again before any update matched only after a doubling wait")
  void repeatedMismatch() throws Exception {
    read(VenueFixtures.wrongChecksum(snapshotBtc()));
    assertThat(sink.sent).as("the first mismatch renews at once").hasSize(2);
    protocol.onMessage(VenueFixtures.wrongChecksum(snapshotBtc()), NOW + 10, sink);
    assertThat(sink.gaps).hasSize(2);
    assertThat(sink.books).hasSize(2).allMatch(book -> book.bidPrices().length == 0);
    protocol.onMessage(VenueFixtures.krakenHeartbeat(),
        NOW + 10 + KrakenProtocol.RESYNC_FIRST_DELAY_MS - 1, sink);
    assertThat(sink.sent).hasSize(2);
    protocol.onMessage(VenueFixtures.krakenHeartbeat(),
        NOW + 10 + KrakenProtocol.RESYNC_FIRST_DELAY_MS, sink);
    assertThat(sink.sent).hasSize(4);
    assertThat(new JsonObject(sink.sent.get(3)).getString("method")).isEqualTo("subscribe");
    // A third mismatch waits twice as long.
    long third = NOW + 2_000;
    protocol.onMessage(VenueFixtures.wrongChecksum(snapshotBtc()), third, sink);
    protocol.onMessage(VenueFixtures.krakenHeartbeat(),
        third + 2 * KrakenProtocol.RESYNC_FIRST_DELAY_MS - 1, sink);
    assertThat(sink.sent).hasSize(4);
    protocol.onMessage(VenueFixtures.krakenHeartbeat(),
        third + 2 * KrakenProtocol.RESYNC_FIRST_DELAY_MS, sink);
    assertThat(sink.sent).hasSize(6);
    // Once an update matches, the next mismatch renews at once again.
    read(snapshotBtc());
    read(btc.update(levels("45283.5", "0.9"), new String[0][]));
    read(VenueFixtures.wrongChecksum(btc.update(levels("45283.5", "1.0"), new String[0][])));
    assertThat(sink.sent).hasSize(8);
  }
}
