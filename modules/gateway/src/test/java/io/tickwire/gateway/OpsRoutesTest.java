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
    try (GatewayFixture node = GatewayFixture.start()) {
      node.node.health().put("prices", () -> new JsonObject().put("status", "DEGRADED"));
      GatewayFixture.Response health = node.call(HttpMethod.GET, "/health", null, null);
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.json().getString("status")).isEqualTo("UP");
      assertThat(health.json().getJsonObject("details").getJsonObject("prices")
          .getString("status")).isEqualTo("DEGRADED");
    }
  }

  @Test
  @DisplayName("never shows a key a contribution's URL carries in its path, query or userinfo")
  void redactsSecretUrls() {
    try (GatewayFixture node = GatewayFixture.start()) {
      node.node.health().put("transactions", () -> new JsonObject()
          .put("url", "wss://user:PASSWORD@mainnet.example:8546/v3/APIKEY0123?token=QUERYKEY")
          .put("lastError", "connection to https://mainnet.example/v3/APIKEY0123 refused"));
      GatewayFixture.Response health = node.call(HttpMethod.GET, "/health", null, null);
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.body()).doesNotContain("PASSWORD", "APIKEY0123", "QUERYKEY", "user:");
      JsonObject shown = health.json().getJsonObject("details").getJsonObject("transactions");
      assertThat(shown.getString("url")).isEqualTo("wss://mainnet.example:8546");
      assertThat(shown.getString("lastError"))
          .isEqualTo("connection to https://mainnet.example refused");
    }
  }

  @Test
  @DisplayName("with ops.enabled: metrics and details on the management port only, a summary on the public one")
  void managementPort() {
    try (GatewayFixture node = GatewayFixture.start(json -> json.put("ops", new JsonObject()
        .put("enabled", true).put("host", "127.0.0.1").put("port", 0)))) {
      node.node.health().put("transactions", () -> new JsonObject()
          .put("url", "https://mainnet.example/v3/APIKEY0123"));
      assertThat(node.opsPort).isPositive().isNotEqualTo(node.port);

      GatewayFixture.Response metrics = node.get(node.opsPort, "/metrics");
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.body()).contains("tickwire_gateway_connections");
      GatewayFixture.Response detailed = node.get(node.opsPort, "/health");
      assertThat(detailed.json().getString("node")).isEqualTo(node.node.id());
      assertThat(detailed.json().getJsonObject("details").getJsonObject("transactions")
          .getString("url")).isEqualTo("https://mainnet.example");
      assertThat(detailed.body()).doesNotContain("APIKEY0123");
      assertThat(node.get(node.opsPort, "/health/ready").status()).isEqualTo(200);

      assertThat(node.call(HttpMethod.GET, "/metrics", null, null).status()).isEqualTo(404);
      GatewayFixture.Response summary = node.call(HttpMethod.GET, "/health", null, null);
      assertThat(summary.status()).isEqualTo(200);
      assertThat(summary.json().fieldNames()).containsExactlyInAnyOrder("status", "checks");
      assertThat(summary.body()).doesNotContain("mainnet", node.node.id());
      assertThat(node.call(HttpMethod.GET, "/health/live", null, null).status()).isEqualTo(200);
      assertThat(node.call(HttpMethod.GET, "/health/ready", null, null).json()
          .getString("status")).isEqualTo("UP");

      node.node.ready().set(false);
      assertThat(node.call(HttpMethod.GET, "/health/ready", null, null).status()).isEqualTo(503);
      assertThat(node.get(node.opsPort, "/health").status()).isEqualTo(503);
    }
  }

  @Test
  @DisplayName("without ops.enabled: the public port serves metrics and the management port is closed")
  void noManagementPort() {
    try (GatewayFixture node = GatewayFixture.start()) {
      assertThat(node.opsPort).isEqualTo(-1);
      assertThat(node.call(HttpMethod.GET, "/metrics", null, null).body())
          .contains("tickwire_gateway_connections");
    }
  }
}
