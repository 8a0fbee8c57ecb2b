package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The dev demo user")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DevDemoTest {

  static final String WALLET = "0x52908400098527886e0f7030069857d2e4169ee7";

  @Test
  @DisplayName("gets a token from /dev/demo that opens its own wallet channels")
  void demoToken() {
    try (GatewayFixture node = GatewayFixture.start(json -> json.put("demo", new JsonObject()
        .put("user", "demo").put("wallets", new JsonArray().add(WALLET.toUpperCase()
            .replace("0X", "0x")))))) {
      GatewayFixture.Response response = node.call(HttpMethod.GET, "/dev/demo", null, null);
      assertThat(response.status()).isEqualTo(200);
      JsonObject demo = response.json();
      assertThat(demo.getString("user")).isEqualTo("demo");
      assertThat(demo.getJsonArray("wallets")).containsExactly(WALLET);
      TestSocket socket = node.connect("?token=" + demo.getString("token"));
      JsonObject granted = socket.subscribe("wallet." + WALLET, "user.demo");
      assertThat(granted.getJsonArray("channels")).hasSize(2);
      socket.close();
    }
  }

  @Test
  @DisplayName("does not exist where dev tokens are off")
  void absentOutsideDev() {
    try (GatewayFixture node = GatewayFixture.start(json -> json.getJsonObject("auth")
        .put("devTokens", false))) {
      assertThat(node.call(HttpMethod.GET, "/dev/demo", null, null).status()).isEqualTo(404);
    }
  }
}
