package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Live candles")
class LiveCandlesTest {

  static final long S = 1_000L;
  static final long M = 60 * S;
  /** A whole hour, so that every interval's candle starts here. */
  static final long T0 = 472_222L * 3_600_000L;
  static final long GRACE = LiveCandles.CLOSE_GRACE_MS;

  final CandleStore store = new CandleStore(PricesConfig.defaults());
  final LiveCandles live = new LiveCandles(store);

  static PriceUpdate value(String symbol, double price, double traded, long ts) {
    return new PriceUpdate(symbol, price, price, price, List.of("a"), Map.of(), price, price,
        price, 0, 0, 1, traded, ts);
  }

  /** Records a value published at {@code ts}, seen here at the same time. */
  List<LiveCandles.Message> publish(double price, double traded, long ts) {
    store.record(value("BTC-USD", price, traded, ts));
    return live.recorded("BTC-USD", ts, true);
  }

  static List<JsonObject> of(List<LiveCandles.Message> messages, String channel) {
    return messages.stream().filter(m -> m.channel().equals(channel))
        .map(LiveCandles.Message::data).toList();
  }

  @Test
  @DisplayName("publishes the forming candle of each interval at once, with every field")
  void firstValue() {
    List<LiveCandles.Message> messages = publish(100, 2, T0 + 5 * S);
    assertThat(messages).extracting(LiveCandles.Message::channel).containsExactly(
        "candles.BTC-USD.1m", "candles.BTC-USD.5m", "candles.BTC-USD.1h");
    JsonObject data = messages.get(0).data();
    assertThat(data.fieldNames()).containsExactly("symbol", "interval", "t", "open", "high",
        "low", "close", "volume", "closed");
    assertThat(data).isEqualTo(new JsonObject().put("symbol", "BTC-USD").put("interval", "1m")
        .put("t", T0).put("open", 100.0).put("high", 100.0).put("low", 100.0)
        .put("close", 100.0).put("volume", 2.0).put("closed", false));
    assertThat(messages.get(2).data().getString("interval")).isEqualTo("1h");
  }

  @Test
  @DisplayName("publishes a forming candle at most once a second, and only when it changed")
  void formingRate() {
    List<Long> sentAt = new ArrayList<>();
    List<JsonObject> sent = new ArrayList<>();
    // A new value every 100 ms for 20 s, changing only during the first 10 s.
    for (long at = T0 + S; at < T0 + 21 * S; at += 100) {
      double price = at < T0 + 11 * S ? 100 + (at - T0) / 100 % 7 : 100;
      List<JsonObject> forming = new ArrayList<>(of(publish(price, 0, at),
          "candles.BTC-USD.1m"));
      forming.addAll(of(live.sweep(at + 50, symbol -> true), "candles.BTC-USD.1m"));
      for (JsonObject data : forming) {
        sentAt.add(at);
        sent.add(data);
      }
    }
    assertThat(sent).allSatisfy(data -> assertThat(data.getBoolean("closed")).isFalse());
    for (int i = 1; i < sentAt.size(); i++) {
      assertThat(sentAt.get(i) - sentAt.get(i - 1)).isGreaterThanOrEqualTo(S);
      assertThat(sent.get(i)).isNotEqualTo(sent.get(i - 1));
    }
    // Changes during 10 s: the first message, then one a second, then the last change once.
    assertThat(sentAt).hasSizeBetween(10, 12);
    assertThat(sentAt.get(sentAt.size() - 1)).isLessThanOrEqualTo(T0 + 12 * S);
    assertThat(sent.get(sent.size() - 1).getDouble("close")).isEqualTo(100.0);
  }

  @Test
  @DisplayName("closes a candle once, on the next value when it comes before the sweep")
  void closedOnNextValue() {
    publish(100, 1, T0 + 10 * S);
    publish(103, 1, T0 + 59 * S);
    List<LiveCandles.Message> messages = publish(101, 1, T0 + M + 10);
    List<JsonObject> minute = of(messages, "candles.BTC-USD.1m");
    assertThat(minute.get(0)).isEqualTo(new JsonObject().put("symbol", "BTC-USD")
        .put("interval", "1m").put("t", T0).put("open", 100.0).put("high", 103.0)
        .put("low", 100.0).put("close", 103.0).put("volume", 2.0).put("closed", true));
    assertThat(minute.get(1).getLong("t")).isEqualTo(T0 + M);
    assertThat(minute.get(1).getBoolean("closed")).isFalse();
    assertThat(of(messages, "candles.BTC-USD.5m")).as("the 5m candle is still forming")
        .allSatisfy(data -> assertThat(data.getBoolean("closed")).isFalse());
    assertThat(live.sweep(T0 + 2 * M + GRACE - 1, symbol -> true)).isEmpty();
    assertThat(of(live.sweep(T0 + 2 * M + GRACE, symbol -> true), "candles.BTC-USD.1m"))
        .singleElement().satisfies(data -> {
          assertThat(data.getLong("t")).isEqualTo(T0 + M);
          assertThat(data.getBoolean("closed")).isTrue();
        });
    assertThat(live.sweep(T0 + 3 * M, symbol -> true)).as("closed once").isEmpty();
  }

  @Test
  @DisplayName("closes a candle on the sweep when no value comes within the grace after its interval")
  void closedOnSweep() {
    publish(100, 1, T0 + 10 * S);
    assertThat(live.sweep(T0 + M + GRACE - 1, symbol -> true)).isEmpty();
    // A value made just before the end, arriving within the grace, still counts.
    store.record(value("BTC-USD", 99, 1, T0 + M - 1));
    assertThat(of(live.recorded("BTC-USD", T0 + M + GRACE - 1, true), "candles.BTC-USD.1m"))
        .singleElement().satisfies(data -> assertThat(data.getBoolean("closed")).isFalse());
    List<JsonObject> closed = of(live.sweep(T0 + M + GRACE, symbol -> true),
        "candles.BTC-USD.1m");
    assertThat(closed).singleElement().satisfies(data -> {
      assertThat(data.getLong("t")).isEqualTo(T0);
      assertThat(data.getDouble("low")).isEqualTo(99.0);
      assertThat(data.getDouble("volume")).isEqualTo(2.0);
      assertThat(data.getBoolean("closed")).isTrue();
    });
    assertThat(of(publish(102, 1, T0 + M + 2 * S), "candles.BTC-USD.1m"))
        .as("the next value closes nothing again").singleElement()
        .satisfies(data -> assertThat(data.getBoolean("closed")).isFalse());
  }

  @Test
  @DisplayName("publishes nothing for a symbol not owned here, and goes on from its candles once owned")
  void ownership() {
    store.record(value("ETH-USD", 10, 1, T0 + S));
    assertThat(live.recorded("ETH-USD", T0 + S, false)).isEmpty();
    assertThat(live.sweep(T0 + M + 1, symbol -> false)).as("closed by its owner").isEmpty();
    store.record(value("ETH-USD", 12, 1, T0 + M + 2 * S));
    assertThat(live.recorded("ETH-USD", T0 + M + 2 * S, false)).isEmpty();
    store.record(value("ETH-USD", 11, 1, T0 + M + 3 * S));
    // Ownership gained (a fail-over): the forming candles as the history has them.
    List<LiveCandles.Message> messages = live.recorded("ETH-USD", T0 + M + 3 * S, true);
    assertThat(of(messages, "candles.ETH-USD.1m")).singleElement().satisfies(data -> {
      assertThat(data.getLong("t")).isEqualTo(T0 + M);
      assertThat(data.getDouble("open")).isEqualTo(12.0);
      assertThat(data.getDouble("close")).isEqualTo(11.0);
      assertThat(data.getBoolean("closed")).isFalse();
    });
    assertThat(of(messages, "candles.ETH-USD.1h")).singleElement().satisfies(data -> {
      assertThat(data.getDouble("open")).isEqualTo(10.0);
      assertThat(data.getDouble("volume")).isEqualTo(3.0);
    });
    assertThat(of(live.sweep(T0 + 2 * M + GRACE, symbol -> true), "candles.ETH-USD.1m"))
        .singleElement().satisfies(data -> assertThat(data.getBoolean("closed")).isTrue());
  }

  @Test
  @DisplayName("agrees with prices.history over twelve minutes: every closed candle is the history's, and the last forming one too")
  void agreesWithHistory() {
    Random random = new Random(7);
    List<LiveCandles.Message> messages = new ArrayList<>();
    double price = 65_000;
    long end = T0 + 12 * M + 30 * S;
    for (long at = T0 + 3 * S; at < end; at += 250) {
      // Some quiet stretches, so that some candles close on the sweep rather than a value.
      if (random.nextInt(10) < 7) {
        price = Numbers.round(price * (1 + random.nextGaussian() * 0.001));
        store.record(value("BTC-USD", price, random.nextDouble(), at));
        messages.addAll(live.recorded("BTC-USD", at + random.nextInt(5), true));
      }
      messages.addAll(live.sweep(at + 100, symbol -> true));
    }
    for (CandleInterval interval : CandleInterval.values()) {
      String channel = "candles.BTC-USD." + interval.token();
      List<JsonObject> history = store.range("BTC-USD", interval, null, null, 1_000).stream()
          .map(Candle::toJson).toList();
      List<JsonObject> closed = of(messages, channel).stream()
          .filter(data -> data.getBoolean("closed")).map(LiveCandlesTest::candle).toList();
      int closedCount = (int) ((end - T0) / interval.millis());
      assertThat(closed).as("%s closed candles", interval.token()).hasSize(closedCount)
          .containsExactlyElementsOf(history.subList(0, closedCount));
      List<JsonObject> all = of(messages, channel);
      JsonObject lastForming = all.get(all.size() - 1);
      assertThat(lastForming.getBoolean("closed")).isFalse();
      assertThat(candle(lastForming)).isEqualTo(history.get(history.size() - 1));
    }
  }

  /** The candle fields of a live message, as {@code prices.history} has them. */
  static JsonObject candle(JsonObject data) {
    JsonObject candle = data.copy();
    candle.remove("symbol");
    candle.remove("interval");
    candle.remove("closed");
    return candle;
  }
}
