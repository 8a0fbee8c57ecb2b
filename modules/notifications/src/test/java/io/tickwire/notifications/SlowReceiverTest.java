package io.tickwire.notifications;

import static io.tickwire.notifications.AlertsFixture.deliverBy;
import static io.tickwire.notifications.AlertsFixture.notification;
import static io.tickwire.notifications.AlertsFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A receiver that hangs delays no one else")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowReceiverTest {

  /** Long enough that a delivery held up behind the hung attempt cannot pass for a prompt one. */
  static final long WEBHOOK_TIMEOUT_MS = 6_000;

  @TempDir
  static Path dir;
  static WebhookReceiver hooks;
  static AlertsFixture node;

  @BeforeAll
  static void start() {
    hooks = new WebhookReceiver();
    JsonObject config = AlertsFixture.config(dir, 0);
    config.getJsonObject("notifications").getJsonObject("webhook")
        .put("timeoutMs", WEBHOOK_TIMEOUT_MS);
    config.getJsonObject("notifications").getJsonObject("delivery").put("leaseMs", 30_000);
    node = AlertsFixture.start(config);
  }

  @AfterAll
  static void stop() {
    node.close();
    hooks.close();
  }

  static void webhookOnly(TestSocket client, String user) {
    deliverBy(client, user, "webhook", new JsonObject().put("url", hooks.url(user)));
  }

  @Test
  @DisplayName("while one user's webhook hangs, another's WebSocket and webhook arrive at once")
  void hungWebhook() {
    String alice = user("alice");
    String bob = user("bob");
    hooks.answer(alice, () -> WebhookReceiver.HANG);
    try (TestSocket a = node.connect("?token=" + node.devToken(alice));
        TestSocket b = node.connect("?token=" + node.devToken(bob))) {
      webhookOnly(a, alice);
      webhookOnly(b, bob);
      a.call("alerts.create", new JsonObject().put("symbol", "BTC-USD").put("condition", "above")
          .put("price", 100));
      b.call("alerts.create", new JsonObject().put("symbol", "ETH-USD").put("condition", "above")
          .put("price", 100));
      node.price("BTC-USD", 90, 1);
      node.price("BTC-USD", 110, 2);
      notification(a);
      WebhookReceiver.Received hung = hooks.next(alice);
      long hungAt = System.nanoTime();

      node.price("ETH-USD", 90, 3);
      node.price("ETH-USD", 110, 4);
      String id = notification(b).getString("id");
      long websocketMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - hungAt);
      assertThat(hooks.next(bob).id()).isEqualTo(id);
      long webhookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - hungAt);

      assertThat(hung.closed()).as("alice's attempt is still waiting for its answer").isNotDone();
      assertThat(websocketMs).isLessThan(WEBHOOK_TIMEOUT_MS / 2);
      assertThat(webhookMs).isLessThan(WEBHOOK_TIMEOUT_MS / 2);
    }
  }
}
