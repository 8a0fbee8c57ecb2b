package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Connections per user")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserLimitTest {

  @Test
  @DisplayName("refuse a connection over the per-user limit, at the handshake and on sign-in, and tell where a user is")
  void limitAndLookup() {
    try (GatewayFixture node = GatewayFixture.start(json -> json.getJsonObject("gateway")
        .put("maxConnectionsPerUser", 2))) {
      String token = node.token("dave", 600);
      TestSocket first = node.connect("?token=" + token);
      TestSocket second = node.connect("?token=" + token);
      assertThatThrownBy(() -> node.connect("?token=" + token)).hasMessageContaining("429");
      TestSocket anonymous = node.connect();
      anonymous.send(new JsonObject().put("type", "auth").put("id", "a1").put("token", token));
      JsonObject refused = anonymous.next("error");
      assertThat(refused.getString("code")).isEqualTo("rate_limited");
      assertThat(refused.getString("id")).isEqualTo("a1");

      JsonObject where = node.call(HttpMethod.GET, "/api/users/dave", TestConfig.API_KEY, null)
          .json();
      assertThat(where.getBoolean("online")).isTrue();
      assertThat(where.getInteger("connections")).isEqualTo(2);
      assertThat(where.getJsonObject("nodes").getInteger(node.node.id())).isEqualTo(2);

      first.close();
      first.awaitClose();
      anonymous.send(new JsonObject().put("type", "auth").put("id", "a2").put("token", token));
      assertThat(anonymous.next("authed").getString("user")).isEqualTo("dave");
      assertThat(node.call(HttpMethod.GET, "/api/users/nobody", TestConfig.API_KEY, null).json()
          .getBoolean("online")).isFalse();
      second.close();
      anonymous.close();
    }
  }
}
