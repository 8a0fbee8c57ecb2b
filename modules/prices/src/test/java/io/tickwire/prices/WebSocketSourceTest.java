package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("A WebSocket source's reconnect backoff, against a local Kraken v2-format server")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketSourceTest {

  static final long INITIAL_MS = 100;

  Vertx vertx;
  FakeVenue venue;
  WebSocketSource source;
  final RecordingListener recorder = new RecordingListener();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    venue = FakeVenue.start(vertx);
    VenueConfig config = new VenueConfig("kraken", VenueType.KRAKEN, true,
        Map.of("BTC-USD", "BTC/USD"), venue.url("/v2"), INITIAL_MS, 10_000, 30_000, 10, 0, 0,
        null);
    source = new WebSocketSource(config,
        () -> new KrakenProtocol(config.name(), config.symbols()));
    vertx.getOrCreateContext().runOnContext(ignored -> source.start(vertx, recorder));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  /** Accepts the next connection; the venue says its status first, then one quote. */
  void statusThenQuote(double price) {
    FakeVenue.Connection connection = venue.next();
    connection.next();
    connection.send(VenueFixtures.krakenStatus());
    connection.send(VenueFixtures.krakenTicker("update", "BTC/USD", price));
    assertThat(Await.next(recorder.ticks, "tick").price()).isEqualTo(price);
    connection.drop();
  }

  @Test
  @DisplayName("comes back to the first delay after each connection that delivered quotes, though status messages made it healthy first")
  void backoffResetsOnData() {
    statusThenQuote(26_000);
    long first = Await.next(recorder.delays, "reconnect");
    statusThenQuote(26_001);
    long second = Await.next(recorder.delays, "reconnect");
    statusThenQuote(26_002);
    long third = Await.next(recorder.delays, "reconnect");
    // The first delay with equal jitter lies in [initial / 2, initial); the next one up in
    // [initial, 2 * initial).
    for (long delay : new long[] {first, second, third}) {
      assertThat(delay).isBetween(INITIAL_MS / 2, INITIAL_MS - 1);
    }
  }
}
