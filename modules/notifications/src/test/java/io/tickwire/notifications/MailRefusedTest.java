package io.tickwire.notifications;

import static io.tickwire.notifications.AlertsFixture.deliverBy;
import static io.tickwire.notifications.AlertsFixture.notification;
import static io.tickwire.notifications.AlertsFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("An SMTP server that refuses a mail")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MailRefusedTest {

  @TempDir
  static Path dir;
  static SmtpStub smtp;
  static FlakyStorage storage;
  static AlertsFixture node;

  @BeforeAll
  static void start() {
    smtp = new SmtpStub();
    node = AlertsFixture.start(AlertsFixture.config(dir, smtp.port()), real -> {
      storage = new FlakyStorage(real);
      return storage;
    });
  }

  @AfterAll
  static void stop() {
    node.close();
    smtp.close();
  }

  /** A client of {@code user} with e-mail to {@code address} on; the notification it gets. */
  static String fire(TestSocket client, String user, String address, String symbol) {
    deliverBy(client, user, "email", new JsonObject().put("address", address));
    client.call("alerts.create", new JsonObject().put("symbol", symbol).put("condition", "above")
        .put("price", 100));
    node.price(symbol, 90, 1);
    node.price(symbol, 110, 2);
    return notification(client).getString("id");
  }

  static JsonObject emailDelivery(TestSocket client) {
    return client.call("notifications.list", new JsonObject()).getJsonArray("notifications")
        .getJsonObject(0).getJsonArray("deliveries").stream().map(JsonObject.class::cast)
        .filter(d -> d.getString("channel").equals("email")).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("for good (550) fails the delivery at once, with the reply, and does not retry")
  void permanent() {
    String alice = user("alice");
    String address = alice + "@example.test";
    smtp.answer(address, () -> "550 5.1.1 no such mailbox");
    try (TestSocket client = node.connect("?token=" + node.devToken(alice))) {
      String id = fire(client, alice, address, "BTC-USD");
      assertThat(smtp.nextReply(address)).startsWith("550");
      FlakyStorage.Outcome outcome = storage.outcome(id, "email");
      assertThat(outcome.status()).isEqualTo(DeliveryQueue.FAILED);
      assertThat(outcome.attempts()).isEqualTo(1);
      assertThat(outcome.error()).contains("550").contains("no such mailbox");
      // Failed is final: the queue holds nothing more for it, so no attempt can follow.
      assertThat(smtp.pendingReplies(address)).isEmpty();
      JsonObject email = emailDelivery(client);
      assertThat(email.getString("status")).isEqualTo("failed");
      assertThat(email.getLong("attempts")).isEqualTo(1);
      assertThat(email.getString("error")).contains("550");
    }
  }

  @Test
  @DisplayName("for now (451) is retried until the server takes the mail")
  void transientRefusal() {
    String bob = user("bob");
    String address = bob + "@example.test";
    AtomicInteger calls = new AtomicInteger();
    smtp.answer(address, () -> calls.incrementAndGet() == 1 ? "451 4.3.0 try again later"
        : "250 2.1.5 OK");
    try (TestSocket client = node.connect("?token=" + node.devToken(bob))) {
      String id = fire(client, bob, address, "ETH-USD");
      assertThat(smtp.nextReply(address)).startsWith("451");
      FlakyStorage.Outcome first = storage.outcome(id, "email");
      assertThat(first.status()).isEqualTo("retry");
      assertThat(first.error()).contains("451");
      assertThat(smtp.nextReply(address)).startsWith("250");
      assertThat(smtp.nextMail(address)).contains("Subject: ETH-USD above 100");
      FlakyStorage.Outcome second = storage.outcome(id, "email");
      assertThat(second.status()).isEqualTo(DeliveryQueue.DELIVERED);
      assertThat(second.attempts()).isEqualTo(2);
    }
  }
}
