package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.gateway.config.DemoConfig;
import io.tickwire.runtime.ConfigException;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
      assertThat(demo.getJsonArray("desks")).containsExactly("alpha");
      TestSocket socket = node.connect("?token=" + demo.getString("token"));
      JsonObject granted = socket.subscribe("wallet." + WALLET, "user.demo");
      assertThat(granted.getJsonArray("channels")).hasSize(2);
      socket.close();
    }
  }

  @Test
  @DisplayName("signs the desks of demo.desks into the demo token's desks claim, and refuses bad names at start")
  void demoDesks() {
    try (GatewayFixture node = GatewayFixture.start(json -> json.put("demo", new JsonObject()
        .put("user", "demo").put("desks", new JsonArray().add("fx").add("rates"))))) {
      JsonObject demo = node.call(HttpMethod.GET, "/dev/demo", null, null).json();
      assertThat(demo.getJsonArray("desks")).containsExactly("fx", "rates");
      String payload = demo.getString("token").split("\\.")[1];
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(payload),
          StandardCharsets.UTF_8));
      assertThat(claims.getJsonArray("desks")).containsExactly("fx", "rates");
    }
    assertThatThrownBy(() -> new DemoConfig("demo", List.of(), List.of("no spaces")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("demo.desks");
    assertThatThrownBy(() -> new DemoConfig("demo", List.of(),
        IntStream.range(0, 33).mapToObj(i -> "d" + i).toList()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("at most 32");
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
