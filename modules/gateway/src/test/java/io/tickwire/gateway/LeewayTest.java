package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Clock leeway on token expiry")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeewayTest {

  @Test
  @DisplayName("keeps anonymous and signed-in connections open when auth.leewaySec is set")
  void leewayKeepsConnectionsOpen() {
    try (GatewayFixture node = GatewayFixture.start(json -> json.getJsonObject("auth").put("leewaySec", 30))) {
      TestSocket anonymous = node.connect();
      anonymous.send(new JsonObject().put("type", "ping").put("id", "a"));
      assertThat(anonymous.next("pong").getString("id")).isEqualTo("a");
      anonymous.subscribe("prices.BTC-USD");
      TestSocket signedIn = node.connect("?token=" + node.token("erin", 600));
      signedIn.send(new JsonObject().put("type", "ping").put("id", "b"));
      assertThat(signedIn.next("pong").getString("id")).isEqualTo("b");
      anonymous.close();
      signedIn.close();
    }
  }
}
