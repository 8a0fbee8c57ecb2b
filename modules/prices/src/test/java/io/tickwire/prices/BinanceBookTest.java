package io.tickwire.prices;

import static io.tickwire.prices.VenueFixtures.binanceDepth;
import static io.tickwire.prices.VenueFixtures.binanceDepthSnapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The Binance source's order book and trades, against a local Binance-format server")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BinanceBookTest {

  static final String SNAPSHOT_PATH = "/api/v3/depth?symbol=BTCUSDT&limit=1000";

  Vertx vertx;
  FakeVenue venue;
  final RecordingListener recorder = new RecordingListener();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    venue = FakeVenue.start(vertx);
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  /** Deploys the source with these fetch limits and accepts its connection. */
  FakeVenue.Connection connect(long fetchTimeoutMs, int maxFetchBytes) {
    Map<String, String> symbols = new LinkedHashMap<>();
    symbols.put("BTC-USD", "BTCUSDT");
    VenueConfig config = new VenueConfig("binance", VenueType.BINANCE, true, symbols,
        venue.url(""), 20, 200, 30_000, 1_000, 0, 0, null, venue.restUrl());
    WebSocketSource source = new WebSocketSource(config,
        () -> new BinanceProtocol(config.name(), config.symbols(), config.restUrl()),
        fetchTimeoutMs, maxFetchBytes);
    vertx.getOrCreateContext().runOnContext(ignored -> source.start(vertx, recorder));
    return venue.next();
  }

  /** Deploys the source with the default fetch limits and accepts its connection. */
  FakeVenue.Connection connect() {
    return connect(WebSocketSource.FETCH_TIMEOUT_MS, WebSocketSource.MAX_FETCH_BYTES);
  }

  /** The next book event the source passed on, as {@link BinanceProtocolTest#describe} has it. */
  String nextBook() {
    return BinanceProtocolTest.describe(Await.next(recorder.books, "book event"));
  }

  /** Sends a ticker and waits for it: everything sent before it on the connection was read. */
  void flush(FakeVenue.Connection connection, String price) {
    connection.send(VenueFixtures.binanceTicker("BTCUSDT", price));
    assertThat(Await.next(recorder.ticks, "tick").price()).isEqualTo(Double.parseDouble(price));
  }

  static String[] levels(String... flat) {
    return flat;
  }

  static String event(long first, long last, String bidPrice, String bidSize) {
    return binanceDepth("BTCUSDT", first, last, levels(bidPrice, bidSize), levels());
  }

  @Test
  @DisplayName("syncs the book with the REST snapshot, applies updates, and on a gap clears it and syncs again")
  void snapshotUpdatesGapResync() {
    FakeVenue.Connection connection = connect();
    assertThat(connection.uri).isEqualTo(
        "/stream?streams=btcusdt@ticker/btcusdt@depth@100ms/btcusdt@trade");
    connection.send(event(100, 105, "65000.1", "1"));
    assertThat(nextBook()).isEqualTo("BTC-USD snapshot");
    FakeVenue.Rest first = venue.nextRest();
    assertThat(first.uri).isEqualTo(SNAPSHOT_PATH);
    connection.send(event(106, 108, "65000.2", "2"));
    flush(connection, "65000");
    // Older than the first buffered event: fetched again after a backoff.
    first.answer(200, binanceDepthSnapshot(99, levels("64999", "3"), levels("65001", "4")));
    FakeVenue.Rest second = venue.nextRest();
    assertThat(second.uri).isEqualTo(SNAPSHOT_PATH);
    second.answer(200, binanceDepthSnapshot(103, levels("64999", "3"), levels("65001", "4")));
    assertThat(nextBook()).isEqualTo("BTC-USD snapshot b64999.0x3.0 a65001.0x4.0");
    assertThat(nextBook()).isEqualTo("BTC-USD b65000.1x1.0");
    assertThat(nextBook()).isEqualTo("BTC-USD b65000.2x2.0");
    connection.send(binanceDepth("BTCUSDT", 109, 110, levels("65000.1", "0"),
        levels("65001", "5")));
    assertThat(nextBook()).isEqualTo("BTC-USD b65000.1x0.0 a65001.0x5.0");

    connection.send(event(115, 116, "65000.3", "1"));
    assertThat(Await.next(recorder.gaps, "gap"))
        .isEqualTo("depth of BTCUSDT jumped from update 110 to 115");
    assertThat(nextBook()).isEqualTo("BTC-USD snapshot");
    FakeVenue.Rest third = venue.nextRest();
    connection.send(event(117, 118, "65000.4", "1"));
    flush(connection, "65001");
    third.answer(200, binanceDepthSnapshot(116, levels("64990", "1"), levels("65010", "1")));
    assertThat(nextBook()).isEqualTo("BTC-USD snapshot b64990.0x1.0 a65010.0x1.0");
    assertThat(nextBook()).isEqualTo("BTC-USD b65000.4x1.0");

    connection.send(VenueFixtures.binanceTrade("BTCUSDT", 42, "65000.4", "0.25",
        1_700_000_000_000L, true));
    Trade trade = Await.next(recorder.trades, "trade");
    assertThat(trade).extracting(Trade::venue, Trade::symbol, Trade::id, Trade::price,
        Trade::size, Trade::side, Trade::ts).containsExactly("binance", "BTC-USD", "42",
        65_000.4, 0.25, "sell", 1_700_000_000_000L);
    assertThat(recorder.malformed).isEmpty();
    assertThat(venue.rest).isEmpty();
  }

  @Test
  @DisplayName("reports a failed snapshot fetch as malformed and tries again")
  void failedFetch() {
    FakeVenue.Connection connection = connect();
    connection.send(event(100, 101, "65000", "1"));
    venue.nextRest().answer(429, "{\"code\":-1003,\"msg\":\"Too many requests.\"}");
    assertThat(Await.next(recorder.malformed, "malformed"))
        .isEqualTo(MalformedMessage.VENUE_ERROR + ": fetch failed: HTTP 429");
    venue.nextRest().answer(200, "{\"lastUpdateId\":\"x\"}");
    assertThat(Await.next(recorder.malformed, "malformed"))
        .startsWith(MalformedMessage.MISSING_FIELD);
    venue.nextRest().answer(200, binanceDepthSnapshot(100, levels("64000", "1"), levels()));
    assertThat(nextBook()).isEqualTo("BTC-USD snapshot");
    assertThat(nextBook()).isEqualTo("BTC-USD snapshot b64000.0x1.0");
    assertThat(nextBook()).isEqualTo("BTC-USD b65000.0x1.0");
  }

  @Test
  @DisplayName("refuses a snapshot body over the size limit and one that takes too long, then tries again")
  void fetchLimits() {
    String good = binanceDepthSnapshot(100, levels("64000", "1"), levels());
    FakeVenue.Connection connection = connect(300, good.length());
    connection.send(event(100, 101, "65000", "1"));
    assertThat(nextBook()).isEqualTo("BTC-USD snapshot");
    venue.nextRest().answer(200, binanceDepthSnapshot(100, levels("64000", "1.5"), levels()));
    assertThat(Await.next(recorder.malformed, "malformed")).isEqualTo(
        MalformedMessage.VENUE_ERROR + ": fetch failed: the body is longer than "
            + good.length() + " bytes");
    FakeVenue.Rest unanswered = venue.nextRest();
    assertThat(Await.next(recorder.malformed, "malformed"))
        .isEqualTo(MalformedMessage.VENUE_ERROR + ": fetch failed: no answer within 300 ms");
    venue.nextRest().answer(200, good);
    assertThat(nextBook()).isEqualTo("BTC-USD snapshot b64000.0x1.0");
    assertThat(nextBook()).isEqualTo("BTC-USD b65000.0x1.0");
    assertThat(unanswered.uri).isEqualTo(SNAPSHOT_PATH);
  }

  @Test
  @DisplayName("ignores a snapshot asked for on a connection that has ended")
  void answerOfAnEndedConnection() {
    FakeVenue.Connection first = connect();
    first.send(event(100, 101, "65000", "1"));
    assertThat(nextBook()).isEqualTo("BTC-USD snapshot");
    FakeVenue.Rest old = venue.nextRest();
    first.drop();
    FakeVenue.Connection second = venue.next();
    old.answer(200, binanceDepthSnapshot(100, levels("1", "1"), levels()));
    second.send(event(200, 201, "65001", "1"));
    assertThat(nextBook()).as("the new connection starts clean")
        .isEqualTo("BTC-USD snapshot");
    FakeVenue.Rest fresh = venue.nextRest();
    flush(second, "65001");
    fresh.answer(200, binanceDepthSnapshot(200, levels("64000", "1"), levels()));
    assertThat(nextBook()).isEqualTo("BTC-USD snapshot b64000.0x1.0");
    assertThat(nextBook()).isEqualTo("BTC-USD b65001.0x1.0");
    assertThat(recorder.books).isEmpty();
    assertThat(recorder.malformed).isEmpty();
  }
}
