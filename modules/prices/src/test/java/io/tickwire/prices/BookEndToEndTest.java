package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Consolidated order books, end to end through the WebSocket endpoint with simulated venues")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BookEndToEndTest {

  static final int DEPTH = 10;
  static final double BOOK_RATE_PER_SEC = 4;
  static final List<String> VENUES = List.of("s1", "s2", "s3", "s4");

  static PricesFixture node;

  @BeforeAll
  static void start() {
    node = PricesFixture.start(new JsonObject()
        .put("symbols", new JsonArray().add("BTC-USD").add("ETH-USD"))
        .put("maxRatePerSec", 20).put("deviationPct", 0).put("staleAfterMs", 2_000)
        .put("book", new JsonObject().put("depth", DEPTH).put("maxRatePerSec", BOOK_RATE_PER_SEC))
        .put("venues", PricesFixture.simulatedVenues(VENUES)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /**
   * Checks one book's shape: at most DEPTH levels per side, bids strictly descending, asks
   * strictly ascending, not crossed, positive sizes, each level's venues among the book's venues.
   */
  static void checkBook(JsonObject book, String symbol) {
    assertThat(book.getString("symbol")).isEqualTo(symbol);
    assertThat(book.getInteger("depth")).isEqualTo(DEPTH);
    assertThat(book.getBoolean("crossed")).isFalse();
    assertThat(book.getLong("ts")).isPositive();
    List<Object> venues = book.getJsonArray("venues").getList();
    assertThat(venues).isNotEmpty().isSubsetOf(VENUES.toArray());
    JsonArray bids = book.getJsonArray("bids");
    JsonArray asks = book.getJsonArray("asks");
    // Every venue quotes 25 levels a side, so each side is full.
    assertThat(bids).hasSize(DEPTH);
    assertThat(asks).hasSize(DEPTH);
    Set<Object> seen = new HashSet<>();
    for (int side = 0; side < 2; side++) {
      JsonArray levels = side == 0 ? bids : asks;
      for (int i = 0; i < levels.size(); i++) {
        JsonArray level = levels.getJsonArray(i);
        assertThat(level).hasSize(3);
        assertThat(level.getDouble(1)).as("size").isPositive();
        List<Object> levelVenues = level.getJsonArray(2).getList();
        assertThat(levelVenues).isNotEmpty().doesNotHaveDuplicates().isSubsetOf(venues);
        seen.addAll(levelVenues);
        if (i > 0) {
          double previous = levels.getJsonArray(i - 1).getDouble(0);
          if (side == 0) {
            assertThat(level.getDouble(0)).as("bids descending").isLessThan(previous);
          } else {
            assertThat(level.getDouble(0)).as("asks ascending").isGreaterThan(previous);
          }
        }
      }
    }
    assertThat(seen).as("the venues listed are the venues of the levels")
        .containsExactlyInAnyOrderElementsOf(venues);
    assertThat(bids.getJsonArray(0).getDouble(0)).isLessThan(asks.getJsonArray(0).getDouble(0));
  }

  @Test
  @DisplayName("publishes book.BTC-USD as sorted, consistent top-N snapshots no faster than book.maxRatePerSec")
  void books() {
    TestSocket socket = node.connect();
    socket.subscribe("book.BTC-USD");
    List<JsonObject> messages = PriceFeedEndToEndTest.messages(socket, "book.BTC-USD", 8);
    long minIntervalMs = PublishGate.minIntervalMs(BOOK_RATE_PER_SEC);
    for (int i = 0; i < messages.size(); i++) {
      JsonObject data = messages.get(i).getJsonObject("data");
      checkBook(data, "BTC-USD");
      assertThat(data.getJsonArray("venues").getList()).containsExactlyElementsOf(VENUES);
      if (i > 0) {
        JsonObject previous = messages.get(i - 1).getJsonObject("data");
        assertThat(messages.get(i).getLong("seq"))
            .isGreaterThan(messages.get(i - 1).getLong("seq"));
        assertThat(data.getLong("ts") - previous.getLong("ts")).as("time between books")
            .isGreaterThanOrEqualTo(minIntervalMs);
        assertThat(data.copy().put("ts", 0)).as("a book is published only when it changed")
            .isNotEqualTo(previous.copy().put("ts", 0));
      }
    }
    socket.close();
  }

  @Test
  @DisplayName("answers prices.book with the current book, and refuses a bad or unknown symbol")
  void request() {
    TestSocket socket = node.connect();
    socket.subscribe("book.ETH-USD");
    long published = PriceFeedEndToEndTest.messages(socket, "book.ETH-USD", 1).get(0)
        .getJsonObject("data").getLong("ts");
    JsonObject book = socket.call("prices.book", new JsonObject().put("symbol", "ETH-USD"));
    checkBook(book, "ETH-USD");
    assertThat(book.getLong("ts")).isGreaterThanOrEqualTo(published);

    JsonObject missing = socket.request("prices.book", new JsonObject());
    assertThat(missing.getString("type")).isEqualTo("error");
    assertThat(missing.getString("code")).isEqualTo("bad_request");
    assertThat(missing.getString("message")).contains("symbol");
    JsonObject wrongType = socket.request("prices.book", new JsonObject().put("symbol", 5));
    assertThat(wrongType.getString("code")).isEqualTo("bad_request");
    JsonObject unknown = socket.request("prices.book", new JsonObject()
        .put("symbol", "DOGE-USD"));
    assertThat(unknown.getString("code")).isEqualTo("not_found");
    assertThat(unknown.getString("message")).contains("DOGE-USD").contains("BTC-USD");
    socket.close();
  }

  @Test
  @DisplayName("publishes prices.* with crossed false and bid below ask from the simulated venues' books")
  void pricesNotCrossed() {
    TestSocket socket = node.connect();
    socket.subscribe("prices.BTC-USD", "prices.ETH-USD");
    int count = 0;
    while (count < 60) {
      JsonObject message = socket.until(frame -> "message".equals(frame.getString("type"))
          && frame.getString("channel").startsWith("prices."));
      JsonObject data = message.getJsonObject("data");
      assertThat(data.getBoolean("crossed")).as("%s", data).isFalse();
      assertThat(data.getDouble("bid")).as("%s", data).isLessThan(data.getDouble("ask"));
      count++;
    }
    socket.close();
  }
}
