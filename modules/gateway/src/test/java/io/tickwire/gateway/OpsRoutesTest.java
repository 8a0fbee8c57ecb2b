package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The health endpoint")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpsRoutesTest {

  @Test
  @DisplayName("shows the details other modules contribute, without changing readiness")
  void details() {
    try (TestNode node = TestNode.start()) {
      node.node.health().put("prices", () -> new JsonObject().put("status", "DEGRADED"));
      TestNode.Response health = node.call(HttpMethod.GET, "/health", null, null);
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.json().getString("status")).isEqualTo("UP");
      assertThat(health.json().getJsonObject("details").getJsonObject("prices")
          .getString("status")).isEqualTo("DEGRADED");
    }
  }
}
