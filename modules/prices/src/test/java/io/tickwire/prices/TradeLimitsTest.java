package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.Addresses;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The price feed's trades past their limits, on a real node")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TradeLimitsTest {

  static final int MAX_PER_MESSAGE = 5;
  static final int MAX_BACKLOG = 10;

  static PricesFixture node;

  @BeforeAll
  static void start() {
    // The simulated venue quotes too rarely to trade during the test: the test sends the trades.
    node = PricesFixture.start(new JsonObject()
        .put("symbols", new JsonArray().add("BTC-USD").add("ETH-USD"))
        .put("trades", new JsonObject().put("maxRatePerSec", 2)
            .put("maxPerMessage", MAX_PER_MESSAGE).put("maxBacklog", MAX_BACKLOG))
        .put("venues", new JsonObject().put("sim", new JsonObject().put("type", "simulated")
            .put("venues", new JsonArray().add("s1")).put("ticksPerSec", 0.01)
            .put("incidentEveryMs", 0))));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static void send(Trade trade) {
    node.vertx.eventBus().publish(Addresses.PRICES_TRADES, trade,
        new DeliveryOptions().setLocalOnly(true));
  }

  static Trade trade(String symbol, String venue, String id, double size) {
    long now = System.currentTimeMillis();
    return new Trade(venue, symbol, id, 65_000, size, "sell", now, now);
  }

  /** The ids of the next messages of {@code channel} until {@code count} trades came. */
  static List<String> ids(TestSocket socket, String channel, int count) {
    List<String> ids = new ArrayList<>();
    while (ids.size() < count) {
      JsonArray trades = socket.message(channel).getJsonObject("data").getJsonArray("trades");
      assertThat(trades.size()).isBetween(1, MAX_PER_MESSAGE);
      trades.forEach(t -> ids.add(((JsonObject) t).getString("id")));
    }
    return ids;
  }

  @Test
  @DisplayName("drops repeated and invalid trades, counting them, and publishes each other trade once")
  void repeatsAndInvalid() {
    TestSocket socket = node.connect();
    socket.subscribe("trades.ETH-USD");
    send(trade("ETH-USD", "x", "1", 1));
    send(trade("ETH-USD", "x", "2", 1));
    send(trade("ETH-USD", "x", "1", 1));
    send(trade("ETH-USD", "y", "1", 1));
    send(trade("ETH-USD", "x", "n".repeat(TradeTape.MAX_ID_CHARS + 1), 1));
    send(trade("ETH-USD", "x", "3", -1));
    send(trade("ETH-USD", "x", "4", 1));
    send(trade("ETH-USD", "x", "2", 1));
    List<String> ids = ids(socket, "trades.ETH-USD", 4);
    assertThat(ids).containsExactly("1", "2", "1", "4");
    Await.until("the repeats and invalid trades counted", () -> {
      String metrics = node.get("/metrics").body();
      return sum(metrics, "tickwire_prices_trades_repeats_total") == 2
          && sum(metrics, "tickwire_prices_trades_invalid_total") == 2;
    });
    socket.close();
  }

  @Test
  @DisplayName("a flood past maxBacklog drops the oldest waiting trades, counts them and keeps every message within maxPerMessage")
  void flood() {
    TestSocket socket = node.connect();
    socket.subscribe("trades.BTC-USD");
    for (int i = 0; i < 100; i++) {
      send(trade("BTC-USD", "x", "f" + i, 0.1));
    }
    // The first goes at once; of the 99 behind it only the newest MAX_BACKLOG wait.
    List<String> ids = ids(socket, "trades.BTC-USD", 1 + MAX_BACKLOG);
    assertThat(ids.get(0)).isEqualTo("f0");
    List<String> expected = new ArrayList<>();
    for (int i = 100 - MAX_BACKLOG; i < 100; i++) {
      expected.add("f" + i);
    }
    assertThat(ids.subList(1, ids.size())).containsExactlyElementsOf(expected);
    Await.until("the dropped trades counted", () -> sum(node.get("/metrics").body(),
        "tickwire_prices_trades_dropped_total") == 99 - MAX_BACKLOG);
    socket.close();
  }

  static double sum(String metrics, String name) {
    Matcher matcher = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$")
        .matcher(metrics);
    double sum = 0;
    while (matcher.find()) {
      sum += Double.parseDouble(matcher.group(1));
    }
    return sum;
  }
}
