package io.tickwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
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
  @DisplayName("never show a key carried in a URL's path, query or userinfo, at any depth")
  void redactsUrls() {
    HealthDetails details = new HealthDetails();
    details.put("chain", () -> new JsonObject()
        .put("url", "wss://user:SECRET1@eth.example:8546/v3/SECRET2?apikey=SECRET3")
        .put("lastError", "connect to https://eth.example/v3/SECRET4 failed: refused")
        .put("endpoints", new JsonArray().add("https://backup.example/SECRET5")
            .add(new JsonObject().put("url", "wss://third.example/SECRET6")))
        .put("nested", Map.of("url", "https://fourth.example/?k=SECRET7"))
        .put("blocks", 12));
    String shown = details.toJson().encode();
    assertThat(shown).doesNotContain("SECRET");
    JsonObject chain = details.toJson().getJsonObject("chain");
    assertThat(chain.getString("url")).isEqualTo("wss://eth.example:8546");
    assertThat(chain.getString("lastError"))
        .isEqualTo("connect to https://eth.example failed: refused");
    assertThat(chain.getInteger("blocks")).isEqualTo(12);
    assertThat(shown).contains("https://backup.example", "wss://third.example",
        "https://fourth.example");
  }

  @Test
  @DisplayName("come with every node, empty at first")
  void everyNodeHasThem() {
    NodeContext node = NodeContext.create("health-test");
    assertThat(node.health().toJson().isEmpty()).isTrue();
  }
}
