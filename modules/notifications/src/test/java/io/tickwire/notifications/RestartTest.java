package io.tickwire.notifications;

import static io.tickwire.notifications.AlertsFixture.above;
import static io.tickwire.notifications.AlertsFixture.deliverBy;
import static io.tickwire.notifications.AlertsFixture.notification;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.ForkedNode;
import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Nothing is lost across a restart")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RestartTest {

  static WebhookReceiver hooks;

  @BeforeAll
  static void start() {
    hooks = new WebhookReceiver();
  }

  @AfterAll
  static void stop() {
    hooks.close();
  }

  @Test
  @DisplayName("a rule answered with response survives kill -9 of its node's JVM, and still fires")
  void ruleSurvivesKill(@TempDir Path dir) throws Exception {
    ForkedNode child = ForkedNode.start(NodeMain.class, dir.toString());
    String rule;
    try (NodeFixture remote = NodeFixture.remote(child.port());
        TestSocket ws = remote.connect("?token=" + remote.devToken("kim"))) {
      rule = ws.call("alerts.create", above("BTC-USD", 65_000)).getString("id");
    } finally {
      child.kill(); // SIGKILL: no shutdown hook, no clean close of the database
    }
    try (AlertsFixture node = AlertsFixture.start(AlertsFixture.config(dir, 0));
        TestSocket ws = node.connect("?token=" + node.devToken("kim"))) {
      assertThat(ws.call("alerts.list", new JsonObject()).getJsonArray("rules"))
          .extracting(r -> ((JsonObject) r).getString("id")).containsExactly(rule);
      ws.subscribe("user.kim");
      node.price("BTC-USD", 64_000, 1);
      node.price("BTC-USD", 66_000, 2);
      assertThat(notification(ws).getString("ruleId")).isEqualTo(rule);
    }
  }

  @Test
  @DisplayName("a firing recorded before the node died is delivered when it is back")
  void recordedFiringDeliveredAfterRestart(@TempDir Path dir) {
    JsonObject config = AlertsFixture.config(dir, 0);
    StorageConfig storageConfig = NotificationsConfig.from(io.tickwire.runtime.Section.root(
        config)).storage();
    // The state a node leaves when it dies between recording a firing and delivering it.
    Vertx vertx = Vertx.vertx();
    String secret = WebhookSignature.newSecret();
    Notification recorded;
    try {
      Storage storage = Await.result(Storage.open(vertx, storageConfig));
      Preferences preferences = Preferences.DEFAULT.apply(new JsonObject()
          .put("channels", new JsonObject().put("webhook", true))
          .put("webhook", new JsonObject().put("url", hooks.url("lee"))), true, false)
          .preferences();
      Await.result(storage.preferences().put("lee", preferences, secret));
      Rule rule = new Rule(Ids.next("rule"), "lee", RuleSpec.price(Condition.ABOVE, "BTC-USD",
          65_000, null), RuleState.ACTIVE, 1, 1, 0, null);
      Await.result(storage.rules().create(rule, null, 1_000, 10));
      Fired fired = new Fired(rule, 1, rule.id() + ":1", 5, new JsonObject()
          .put("symbol", "BTC-USD").put("price", 65_100.0));
      recorded = Await.result(storage.notifications().record(new Firing(
          Firings.notification(fired, System.currentTimeMillis()), RuleState.FIRED, 1, 5,
          Firing.CHANNELS)));
      Await.result(storage.close());
    } finally {
      Await.result(vertx.close());
    }
    try (AlertsFixture node = AlertsFixture.start(config)) {
      WebhookReceiver.Received hook = hooks.next("lee");
      assertThat(hook.id()).isEqualTo(recorded.id());
      assertThat(WebhookSignature.verify(secret, hook.id(), Long.parseLong(hook.timestamp()),
          hook.body(), hook.signature())).isTrue();
      try (TestSocket ws = node.connect("?token=" + node.devToken("lee"))) {
        assertThat(ws.call("notifications.list", new JsonObject()).getJsonArray("notifications"))
            .extracting(n -> ((JsonObject) n).getString("id")).containsExactly(recorded.id());
      }
    }
  }

  @Test
  @DisplayName("pending webhook retries survive a restart and deliver once the receiver is up")
  void retriesSurviveRestart(@TempDir Path dir) {
    hooks.answer("max", () -> 503);
    JsonObject config = AlertsFixture.config(dir, 0);
    String id;
    try (AlertsFixture node = AlertsFixture.start(config);
        TestSocket ws = node.connect("?token=" + node.devToken("max"))) {
      deliverBy(ws, "max", "webhook", new JsonObject().put("url", hooks.url("max")));
      ws.call("alerts.create", above("ETH-USD", 3_000));
      node.price("ETH-USD", 2_900, 1);
      node.price("ETH-USD", 3_100, 2);
      id = notification(ws).getString("id");
      WebhookReceiver.Received refused = hooks.next("max");
      assertThat(refused.id()).isEqualTo(id);
      assertThat(refused.answered()).isEqualTo(503);
    }
    hooks.answer("max", () -> 200);
    try (AlertsFixture node = AlertsFixture.start(config)) {
      WebhookReceiver.Received delivered = hooks.next("max");
      while (delivered.answered() != 200) {
        delivered = hooks.next("max"); // attempts made before the first node stopped
      }
      assertThat(delivered.id()).isEqualTo(id);
      try (TestSocket ws = node.connect("?token=" + node.devToken("max"))) {
        assertThat(ws.call("notifications.list", new JsonObject()).getJsonArray("notifications"))
            .extracting(n -> ((JsonObject) n).getString("id")).containsExactly(id);
      }
    }
  }
}
