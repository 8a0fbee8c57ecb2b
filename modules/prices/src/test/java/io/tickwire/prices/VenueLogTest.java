package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("A venue's log lines, rate-limited per venue and kind, against a local Coinbase-format server")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VenueLogTest {

  VenueProbe probe;
  FakeVenue venue;
  LogLines log;

  @BeforeEach
  void start() {
    probe = new VenueProbe();
    venue = FakeVenue.start(probe.vertx);
    log = new LogLines(VenueVerticle.class);
  }

  @AfterEach
  void stop() {
    probe.close();
    log.close();
  }

  VenueConfig config() {
    return new VenueConfig("coinbase", VenueType.COINBASE, true, Map.of("BTC-USD", "BTC-USD"),
        venue.url(""), 20, 200, 30_000, 10, 0, 0, null);
  }

  /** Accepts the next connection and reads its two subscribe requests. */
  FakeVenue.Connection subscribed() {
    FakeVenue.Connection connection = venue.next();
    connection.next();
    connection.next();
    return connection;
  }

  static long count(List<String> lines, String part) {
    return lines.stream().filter(line -> line.contains(part)).count();
  }

  @Test
  @DisplayName("logs one line for a burst of reconnects and one for a burst of gaps, each with the count held back")
  void bursts() {
    venue.refuse(3);
    probe.deploy(config());
    FakeVenue.Connection connection = subscribed();
    assertThat(venue.refused()).isEqualTo(3);
    connection.send(VenueFixtures.coinbaseTicker(1, "snapshot", "BTC-USD", "20000"));
    probe.nextTick();
    for (int i = 1; i <= 3; i++) {
      connection.send(VenueFixtures.coinbaseTicker(1 + 4 * i, "update", "BTC-USD",
          String.valueOf(20_000 + i)));
      connection.next();
      connection.next();
      // The gap is reported before the tick that revealed it.
      assertThat(probe.nextTick().price()).isEqualTo(20_000 + i);
    }
    assertThat(probe.count("tickwire.prices.venue.reconnects", "venue", "coinbase")).isEqualTo(3);
    assertThat(probe.count("tickwire.prices.venue.gaps", "venue", "coinbase")).isEqualTo(3);
    List<String> lines = log.drain();
    assertThat(count(lines, "connecting again")).as("reconnect lines in %s", lines).isEqualTo(1);
    assertThat(count(lines, "resubscribed")).as("gap lines in %s", lines).isEqualTo(1);
  }

  @Test
  @DisplayName("holds back health changes within the interval, then logs where the venue ended up")
  void healthChanges() {
    probe.deploy(config(), PricesConfig.DEFAULT_STALE_AFTER_MS, 2_000);
    FakeVenue.Connection first = subscribed();
    first.send(VenueFixtures.coinbaseTicker(1, "snapshot", "BTC-USD", "20000"));
    probe.nextTick();
    probe.healthy();
    first.drop();
    probe.unhealthy(VenueHealth.DISCONNECTED);
    FakeVenue.Connection second = subscribed();
    second.send(VenueFixtures.coinbaseTicker(1, "snapshot", "BTC-USD", "20001"));
    probe.nextTick();
    probe.healthy();
    List<String> burst = log.drain();
    assertThat(count(burst, "coinbase: connecting")).isEqualTo(1);
    assertThat(count(burst, "coinbase is healthy")).as("health lines in %s", burst).isEqualTo(1);
    assertThat(count(burst, "unhealthy")).as("health lines in %s", burst).isZero();
    String last = log.next(line -> line.contains("health changes held back"));
    assertThat(last).isEqualTo("venue coinbase is healthy (2 health changes held back)");
  }
}
