package io.tickwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Health details")
class HealthDetailsTest {

  @Test
  @DisplayName("are read when asked for, by name, and can be replaced and removed")
  void putReadRemove() {
    HealthDetails details = new HealthDetails();
    AtomicInteger calls = new AtomicInteger();
    details.put("prices", () -> new JsonObject().put("calls", calls.incrementAndGet()));
    details.put("chain", () -> new JsonObject().put("status", "UP"));
    assertThat(details.toJson().fieldNames()).containsExactly("chain", "prices");
    assertThat(details.toJson().getJsonObject("prices").getInteger("calls")).isEqualTo(2);
    details.put("chain", () -> new JsonObject().put("status", "DEGRADED"));
    assertThat(details.toJson().getJsonObject("chain").getString("status")).isEqualTo("DEGRADED");
    details.remove("chain");
    assertThat(details.toJson().fieldNames()).containsExactly("prices");
  }

  @Test
  @DisplayName("come with every node, empty at first")
  void everyNodeHasThem() {
    Node node = Nodes.node("health-test");
    assertThat(node.health().toJson().isEmpty()).isTrue();
  }
}
