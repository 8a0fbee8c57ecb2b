package io.tickwire.notifications;

import static io.tickwire.notifications.AlertsFixture.deliverBy;
import static io.tickwire.notifications.AlertsFixture.notification;
import static io.tickwire.notifications.AlertsFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A webhook receiver that hangs past the timeout, then answers")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebhookTimeoutTest {

  static final long WEBHOOK_TIMEOUT_MS = 300;
  static final long RETRY_BASE_MS = 50;

  @TempDir
  static Path dir;
  static WebhookReceiver hooks;
  static FlakyStorage storage;
  static AlertsFixture node;

  @BeforeAll
  static void start() {
    hooks = new WebhookReceiver();
    JsonObject config = AlertsFixture.config(dir, 0);
    config.getJsonObject("notifications").getJsonObject("webhook")
        .put("timeoutMs", WEBHOOK_TIMEOUT_MS)
        .put("retry", new JsonObject().put("baseMs", RETRY_BASE_MS).put("maxDelayMs", 200)
            .put("forMs", 60_000).put("jitter", 0));
    node = AlertsFixture.start(config, real -> {
      storage = new FlakyStorage(real);
      return storage;
    });
  }

  @AfterAll
  static void stop() {
    node.close();
    hooks.close();
  }

  @Test
  @DisplayName("is sent the notification again after the timeout and gets it once as a success")
  void hangThenAnswer() throws Exception {
    String alice = user("alice");
    AtomicInteger calls = new AtomicInteger();
    hooks.answer(alice, () -> calls.incrementAndGet() == 1 ? WebhookReceiver.HANG : 200);
    try (TestSocket client = node.connect("?token=" + node.devToken(alice))) {
      deliverBy(client, alice, "webhook", new JsonObject().put("url", hooks.url(alice)));
      client.call("alerts.create", new JsonObject().put("symbol", "BTC-USD")
          .put("condition", "above").put("price", 100).put("trigger", "every")
          .put("cooldownMs", 0));
      node.price("BTC-USD", 90, 1);
      node.price("BTC-USD", 110, 2);
      String first = notification(client).getString("id");

      List<WebhookReceiver.Received> received = new ArrayList<>();
      WebhookReceiver.Received hung = hooks.next(alice);
      long hungAt = System.nanoTime();
      received.add(hung);
      assertThat(hung.id()).isEqualTo(first);
      assertThat(hung.answered()).isEqualTo(WebhookReceiver.HANG);
      FlakyStorage.Outcome timedOut = storage.outcome(first, "webhook");
      assertThat(timedOut.status()).isEqualTo("retry");
      assertThat(timedOut.attempts()).isEqualTo(1);
      assertThat(timedOut.error()).isEqualTo("timeout");

      WebhookReceiver.Received retried = hooks.next(alice);
      long retriedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - hungAt);
      received.add(retried);
      assertThat(retried.id()).isEqualTo(first);
      assertThat(retried.answered()).isEqualTo(200);
      assertThat(retriedMs).as("tried again only once the timeout ended the first attempt")
          .isGreaterThanOrEqualTo(WEBHOOK_TIMEOUT_MS);
      FlakyStorage.Outcome delivered = storage.outcome(first, "webhook");
      assertThat(delivered.status()).isEqualTo(DeliveryQueue.DELIVERED);
      assertThat(delivered.attempts()).isEqualTo(2);
      // The sender gave up on the hung request and closed it, so the receiver cannot answer it
      // late and make a second success of the same id.
      Await.result(hung.closed(), "close of the hung request");

      // A later notification to the same receiver: by the time it arrives, the first has had
      // every chance to be sent once more.
      node.price("BTC-USD", 90, 3);
      node.price("BTC-USD", 110, 4);
      String second = notification(client).getString("id");
      WebhookReceiver.Received next = hooks.next(alice);
      received.add(next);
      assertThat(next.id()).isEqualTo(second);
      assertThat(storage.outcome(second, "webhook").status()).isEqualTo(DeliveryQueue.DELIVERED);
      received.addAll(hooks.pending(alice));

      Map<String, Long> successes = received.stream()
          .filter(hook -> hook.answered() >= 200 && hook.answered() < 300)
          .collect(Collectors.groupingBy(WebhookReceiver.Received::id, Collectors.counting()));
      assertThat(successes).isEqualTo(Map.of(first, 1L, second, 1L));
      JsonObject webhook = client.call("notifications.list", new JsonObject())
          .getJsonArray("notifications").getJsonObject(1).getJsonArray("deliveries").stream()
          .map(JsonObject.class::cast).filter(d -> d.getString("channel").equals("webhook"))
          .findFirst().orElseThrow();
      assertThat(webhook.getString("status")).isEqualTo("delivered");
      assertThat(webhook.getLong("attempts")).isEqualTo(2);
    }
  }
}
