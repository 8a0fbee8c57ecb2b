package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A symbol's trade tape")
class TradeTapeTest {

  static final long T0 = 1_700_000_000_000L;

  static Trade trade(String venue, String id, long ts) {
    return new Trade(venue, "BTC-USD", id, 65_000.5, 0.25, "buy", ts, ts);
  }

  static List<String> ids(JsonObject batch) {
    List<String> ids = new ArrayList<>();
    batch.getJsonArray("trades").forEach(t -> ids.add(((JsonObject) t).getString("id")));
    return ids;
  }

  @Test
  @DisplayName("batches trades with every field, in venue time order, the first batch at once")
  void batch() {
    TradeTape tape = new TradeTape("BTC-USD", new TradesConfig(10, 100, 1_000, 1_000));
    assertThat(tape.poll(T0)).isNull();
    assertThat(tape.offer(trade("kraken", "k1", T0 + 5))).isEqualTo(TradeTape.Offer.QUEUED);
    assertThat(tape.offer(trade("coinbase", "c1", T0 + 2))).isEqualTo(TradeTape.Offer.QUEUED);
    tape.offer(new Trade("coinbase", "BTC-USD", "c2", 65_001, 0.5, null, T0 + 7, T0 + 8));
    JsonObject batch = tape.poll(T0 + 10);
    assertThat(batch.getString("symbol")).isEqualTo("BTC-USD");
    assertThat(ids(batch)).containsExactly("c1", "k1", "c2");
    JsonObject first = batch.getJsonArray("trades").getJsonObject(0);
    assertThat(first.fieldNames()).containsExactly("venue", "id", "price", "size", "side", "ts");
    assertThat(first.getString("venue")).isEqualTo("coinbase");
    assertThat(first.getDouble("price")).isEqualTo(65_000.5);
    assertThat(first.getDouble("size")).isEqualTo(0.25);
    assertThat(first.getString("side")).isEqualTo("buy");
    assertThat(first.getLong("ts")).isEqualTo(T0 + 2);
    JsonObject third = batch.getJsonArray("trades").getJsonObject(2);
    assertThat(third.containsKey("side")).isTrue();
    assertThat(third.getValue("side")).isNull();
    assertThat(tape.poll(T0 + 2_000)).as("nothing waits").isNull();
  }

  @Test
  @DisplayName("drops a trade whose id the venue sent before, and only for that venue")
  void repeats() {
    TradeTape tape = new TradeTape("BTC-USD", TradesConfig.defaults());
    tape.offer(trade("coinbase", "1", T0));
    tape.offer(trade("coinbase", "2", T0));
    assertThat(tape.offer(trade("coinbase", "1", T0))).isEqualTo(TradeTape.Offer.REPEAT);
    assertThat(tape.offer(trade("kraken", "1", T0))).isEqualTo(TradeTape.Offer.QUEUED);
    assertThat(ids(tape.poll(T0))).containsExactly("1", "2", "1");
    // Still remembered after it was published: a replay after a reconnect comes later.
    assertThat(tape.offer(trade("coinbase", "2", T0 + 500))).isEqualTo(TradeTape.Offer.REPEAT);
    assertThat(tape.poll(T0 + 1_000)).isNull();
  }

  @Test
  @DisplayName("remembers at most dedupIds ids per venue, forgetting the oldest first")
  void dedupBound() {
    TradeTape tape = new TradeTape("BTC-USD", new TradesConfig(10, 100, 3, 100));
    for (int i = 1; i <= 10; i++) {
      tape.offer(trade("coinbase", Integer.toString(i), T0));
    }
    assertThat(tape.remembered("coinbase")).isEqualTo(3);
    assertThat(tape.offer(trade("coinbase", "9", T0))).isEqualTo(TradeTape.Offer.REPEAT);
    assertThat(tape.offer(trade("coinbase", "8", T0))).isEqualTo(TradeTape.Offer.REPEAT);
    // Pushed out by the newer ones: past the bound a very old replay gets through.
    assertThat(tape.offer(trade("coinbase", "1", T0))).isEqualTo(TradeTape.Offer.QUEUED);
    assertThat(tape.remembered("coinbase")).isEqualTo(3);
    assertThat(tape.offer(trade("coinbase", "8", T0))).as("8 is now the oldest, forgotten")
        .isEqualTo(TradeTape.Offer.QUEUED);
  }

  @Test
  @DisplayName("refuses a trade without an id, with a too long id, or with a price or size that is not positive")
  void invalid() {
    TradeTape tape = new TradeTape("BTC-USD", TradesConfig.defaults());
    assertThat(tape.offer(trade("coinbase", null, T0))).isEqualTo(TradeTape.Offer.INVALID);
    assertThat(tape.offer(trade("coinbase", "", T0))).isEqualTo(TradeTape.Offer.INVALID);
    assertThat(tape.offer(trade("coinbase", "x".repeat(TradeTape.MAX_ID_CHARS + 1), T0)))
        .isEqualTo(TradeTape.Offer.INVALID);
    assertThat(tape.offer(trade("coinbase", "x".repeat(TradeTape.MAX_ID_CHARS), T0)))
        .isEqualTo(TradeTape.Offer.QUEUED);
    assertThat(tape.offer(new Trade("coinbase", "BTC-USD", "p", 0, 1, null, T0, T0)))
        .isEqualTo(TradeTape.Offer.INVALID);
    assertThat(tape.offer(new Trade("coinbase", "BTC-USD", "s", 1, -1, null, T0, T0)))
        .isEqualTo(TradeTape.Offer.INVALID);
    assertThat(tape.offer(new Trade("coinbase", "BTC-USD", "n", Double.NaN, 1, null, T0, T0)))
        .isEqualTo(TradeTape.Offer.INVALID);
    assertThat(tape.offer(new Trade("coinbase", "BTC-USD", "i", 1, Double.POSITIVE_INFINITY,
        null, T0, T0))).isEqualTo(TradeTape.Offer.INVALID);
    assertThat(tape.waiting()).isEqualTo(1);
  }

  @Test
  @DisplayName("sends at most maxRatePerSec batches a second of at most maxPerMessage trades; the rest wait")
  void rateAndSize() {
    TradeTape tape = new TradeTape("BTC-USD", new TradesConfig(4, 10, 1_000, 1_000));
    for (int i = 0; i < 25; i++) {
      tape.offer(trade("coinbase", Integer.toString(i), T0 + i));
    }
    List<Long> sentAt = new ArrayList<>();
    List<String> sent = new ArrayList<>();
    // A driven clock, polled every 10 ms for two seconds.
    for (long now = T0; now < T0 + 2_000; now += 10) {
      JsonObject batch = tape.poll(now);
      if (batch != null) {
        assertThat(batch.getJsonArray("trades").size()).isLessThanOrEqualTo(10);
        sentAt.add(now);
        sent.addAll(ids(batch));
      }
    }
    assertThat(sentAt).containsExactly(T0, T0 + 250, T0 + 500);
    assertThat(sent).hasSize(25);
    for (int i = 0; i < 25; i++) {
      assertThat(sent.get(i)).isEqualTo(Integer.toString(i));
    }
    tape.offer(trade("coinbase", "late", T0 + 600));
    assertThat(tape.poll(T0 + 700)).as("within 1/rate of the last batch").isNull();
    assertThat(ids(tape.poll(T0 + 750))).containsExactly("late");
    assertThat(tape.takeDropped()).isZero();
  }

  @Test
  @DisplayName("keeps at most maxBacklog trades waiting: a flood drops the oldest and counts them")
  void backlogBound() {
    TradeTape tape = new TradeTape("BTC-USD", new TradesConfig(1, 5, 10_000, 20));
    tape.offer(trade("coinbase", "first", T0));
    assertThat(tape.poll(T0)).isNotNull();
    for (int i = 0; i < 1_000; i++) {
      tape.offer(trade("coinbase", Integer.toString(i), T0 + 1 + i));
    }
    assertThat(tape.waiting()).isEqualTo(20);
    assertThat(tape.poll(T0 + 999)).isNull();
    JsonObject batch = tape.poll(T0 + 1_000);
    assertThat(ids(batch)).containsExactly("980", "981", "982", "983", "984");
    assertThat(tape.takeDropped()).isEqualTo(980);
    assertThat(tape.takeDropped()).isZero();
    assertThat(tape.waiting()).isEqualTo(15);
    JsonArray rest = new JsonArray();
    for (long now = T0 + 2_000; tape.waiting() > 0; now += 1_000) {
      rest.addAll(tape.poll(now).getJsonArray("trades"));
    }
    assertThat(rest.getJsonObject(14).getString("id")).isEqualTo("999");
  }
}
