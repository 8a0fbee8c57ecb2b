package io.tickwire.notifications;

import static io.tickwire.notifications.AlertsFixture.above;
import static io.tickwire.notifications.AlertsFixture.notification;
import static io.tickwire.notifications.AlertsFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A firing the store cannot record is not lost")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordFailureTest {

  @TempDir
  static Path dir;
  static FlakyStorage storage;
  static AlertsFixture node;

  @BeforeAll
  static void start() {
    AtomicReference<FlakyStorage> flaky = new AtomicReference<>();
    node = AlertsFixture.start(AlertsFixture.config(dir, 0), real -> {
      flaky.set(new FlakyStorage(real));
      return flaky.get();
    });
    storage = flaky.get();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("a record that fails is tried again, and the notification arrives once")
  void retried() {
    String alice = user("alice");
    try (TestSocket client = node.connect("?token=" + node.devToken(alice))) {
      client.subscribe("user." + alice);
      String rule = client.call("alerts.create", above("BTC-USD", 100)).getString("id");
      storage.failRecords(EvaluatorVerticle.RECORD_ATTEMPTS - 1);
      node.price("BTC-USD", 90, 1);
      node.price("BTC-USD", 110, 2);
      assertThat(notification(client).getString("ruleId")).isEqualTo(rule);
      JsonObject fired = client.call("alerts.get", new JsonObject().put("id", rule));
      assertThat(fired.getString("state")).isEqualTo("fired");
      assertThat(fired.getLong("fireCount")).isEqualTo(1);
      assertThat(client.call("notifications.list", new JsonObject()).getJsonArray("notifications"))
          .hasSize(1);
    }
  }

  @Test
  @DisplayName("a rule whose firing could not be recorded at all fires on a later tick")
  void restored() {
    String bob = user("bob");
    try (TestSocket client = node.connect("?token=" + node.devToken(bob))) {
      client.subscribe("user." + bob);
      String rule = client.call("alerts.create", above("ETH-USD", 100)).getString("id");
      storage.failRecords(EvaluatorVerticle.RECORD_ATTEMPTS);
      node.price("ETH-USD", 90, 1);
      node.price("ETH-USD", 110, 2);
      // The last refusal runs on the evaluator's event loop, just before the rule is put back:
      // the next tick is handled after that.
      storage.awaitRefused(EvaluatorVerticle.RECORD_ATTEMPTS);
      node.price("ETH-USD", 111, 3);
      JsonObject notification = notification(client);
      assertThat(notification.getString("ruleId")).isEqualTo(rule);
      assertThat(notification.getJsonObject("data").getDouble("price")).isEqualTo(111);
      JsonObject fired = client.call("alerts.get", new JsonObject().put("id", rule));
      assertThat(fired.getString("state")).isEqualTo("fired");
      assertThat(fired.getLong("fireCount")).isEqualTo(1);
    }
  }
}
