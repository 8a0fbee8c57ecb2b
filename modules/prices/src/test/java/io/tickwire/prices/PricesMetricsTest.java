package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The price feed's metrics")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PricesMetricsTest {

  @Test
  @DisplayName("show on /metrics each venue's health, the venues left out of published prices and why, and the aggregation latency")
  void healthExclusionsLatency() {
    // Simulated incidents, one after the other: a venue quoting 5% off is an outlier at once.
    try (PricesFixture node = PricesFixture.start(new JsonObject()
        .put("symbols", new JsonArray().add("BTC-USD").add("ETH-USD"))
        .put("deviationPct", 0.01).put("heartbeatMs", 1_000).put("maxRatePerSec", 20)
        .put("staleAfterMs", 1_000)
        .put("venues", new JsonObject().put("sim", new JsonObject().put("type", "simulated")
            .put("venues", new JsonArray().add("v1").add("v2").add("v3").add("v4"))
            .put("ticksPerSec", 20).put("incidentEveryMs", 200).put("incidentForMs", 2_000)
            .put("incidentOutlierPct", 5))))) {
      Await.until("a price published without a venue, and a latency recorded", () -> {
        String metrics = node.get("/metrics").body();
        return sum(metrics, "tickwire_prices_venue_excluded_total") > 0
            && sum(metrics, "tickwire_prices_aggregation_latency_seconds_count") > 0;
      });
      String metrics = node.get("/metrics").body();
      for (String venue : new String[] {"v1", "v2", "v3", "v4"}) {
        assertThat(metrics).containsPattern(
            "tickwire_prices_venue_healthy\\{[^}]*venue=\"" + venue + "\"[^}]*\\} [01]\\.0");
      }
      assertThat(metrics).containsPattern("tickwire_prices_venue_excluded_total\\{[^}]*"
          + "reason=\"(stale|outlier|unhealthy)\"[^}]*venue=\"v[1-4]\"[^}]*\\} [1-9]");
      assertThat(metrics).contains("tickwire_prices_aggregation_latency_seconds_bucket{");
      // Loopback and one event loop: far below a second, never negative.
      double count = sum(metrics, "tickwire_prices_aggregation_latency_seconds_count");
      double seconds = sum(metrics, "tickwire_prices_aggregation_latency_seconds_sum");
      assertThat(seconds / count).isBetween(0.0, 1.0);
    }
  }

  private static double sum(String metrics, String name) {
    Matcher matcher = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$")
        .matcher(metrics);
    double sum = 0;
    while (matcher.find()) {
      sum += Double.parseDouble(matcher.group(1));
    }
    return sum;
  }
}
