package io.tickwire.notifications;

import static io.tickwire.notifications.AlertsFixture.above;
import static io.tickwire.notifications.AlertsFixture.notification;
import static io.tickwire.notifications.AlertsFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Firing and delivery through the real endpoint")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeliveryTest {

  static final String WALLET = "0x8617e340b3d01fa5f11f306f4090fd50e238070d";

  @TempDir
  static Path dir;
  static GreenMail smtp;
  static WebhookReceiver hooks;
  static FlakyStorage storage;
  static AlertsFixture node;
  static final Set<MimeMessage> seenMails = new HashSet<>();

  @BeforeAll
  static void start() {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    hooks = new WebhookReceiver();
    // The real storage, watched: a test waits for "skipped" to be written, not for time to pass.
    node = AlertsFixture.start(AlertsFixture.config(dir, smtp.getSmtp().getPort()), real -> {
      storage = new FlakyStorage(real);
      return storage;
    });
  }

  @AfterAll
  static void stop() {
    node.close();
    hooks.close();
    smtp.stop();
  }

  /** A user's client, subscribed to their channel, with webhook and e-mail set up; the secret. */
  static String setUp(TestSocket client, String user, JsonObject extra) {
    client.subscribe("user." + user);
    JsonObject answer = client.call("preferences.set", new JsonObject()
        .put("channels", new JsonObject().put("webhook", true).put("email", true))
        .put("webhook", new JsonObject().put("url", hooks.url(user)))
        .put("email", new JsonObject().put("address", user + "@example.test"))
        .mergeIn(extra, true));
    String secret = answer.getString("webhookSecret");
    assertThat(secret).startsWith("whsec_");
    return secret;
  }

  /** The next mail to {@code address} that no test took yet. */
  static MimeMessage mailTo(String address) throws MessagingException {
    for (int count = seenMails.size() + 1; ; count++) {
      assertThat(smtp.waitForIncomingEmail(Await.SECONDS * 1_000, count))
          .as("a mail to " + address).isTrue();
      for (MimeMessage mail : smtp.getReceivedMessages()) {
        if (!seenMails.contains(mail)
            && mail.getRecipients(Message.RecipientType.TO)[0].toString().equals(address)) {
          seenMails.add(mail);
          return mail;
        }
      }
    }
  }

  /** How many mails to {@code address} the SMTP server received so far. */
  static long mailsTo(String address) throws MessagingException {
    long count = 0;
    for (MimeMessage mail : smtp.getReceivedMessages()) {
      if (mail.getRecipients(Message.RecipientType.TO)[0].toString().equals(address)) {
        count++;
      }
    }
    return count;
  }

  /** Whether {@code frames} hold the WebSocket delivery of notification {@code id}. */
  static boolean delivers(List<JsonObject> frames, String id) {
    return frames.stream().anyMatch(frame -> "message".equals(frame.getString("type"))
        && id.equals(frame.getJsonObject("data").getJsonObject("notification",
            new JsonObject()).getString("id")));
  }

  static void verifySignature(WebhookReceiver.Received hook, String secret) {
    assertThat(WebhookSignature.verify(secret, hook.id(), Long.parseLong(hook.timestamp()),
        hook.body(), hook.signature())).as("signature of " + hook).isTrue();
    // Checked against a fresh signature of the received bytes as well, so a verify() that
    // accepted anything would not pass. Both use our own code; the documented recipe itself is
    // not re-implemented here.
    assertThat(hook.signature()).isEqualTo(WebhookSignature.sign(secret, hook.id(),
        Long.parseLong(hook.timestamp()), hook.body()));
    assertThat(Math.abs(Long.parseLong(hook.timestamp()) - Instant.now().getEpochSecond()))
        .isLessThan(60);
  }

  @Test
  @DisplayName("a price crossing reaches user.<id>, a signed webhook and an e-mail, and the inbox")
  void fullFlow() throws Exception {
    String alice = user("alice");
    try (TestSocket client = node.connect("?token=" + node.devToken(alice))) {
      String secret = setUp(client, alice, new JsonObject());
      JsonObject preferences = client.call("preferences.get", new JsonObject());
      assertThat(preferences.containsKey("webhookSecret")).isFalse();
      assertThat(preferences.getJsonObject("webhook").getBoolean("secretSet")).isTrue();
      String rule = client.call("alerts.create", above("BTC-USD", 65_000)
          .put("message", "{{symbol}} is {{price}} ({{condition}} {{level}})")).getString("id");
      node.price("BTC-USD", 64_000, 1_000);
      node.price("BTC-USD", 66_000.5, 1_001);

      JsonObject notification = notification(client);
      assertThat(notification.getString("ruleId")).isEqualTo(rule);
      assertThat(notification.getString("title")).isEqualTo("BTC-USD above 65000");
      assertThat(notification.getString("body")).isEqualTo("BTC-USD is 66000.5 (above 65000)");
      assertThat(notification.getJsonObject("data").getDouble("price")).isEqualTo(66_000.5);
      String id = notification.getString("id");

      WebhookReceiver.Received hook = hooks.next(alice);
      assertThat(hook.id()).isEqualTo(id);
      verifySignature(hook, secret);
      assertThat(hook.json().getString("type")).isEqualTo("notification.created");
      assertThat(hook.json().getJsonObject("data")).isEqualTo(notification);

      MimeMessage mail = mailTo(alice + "@example.test");
      assertThat(mail.getSubject()).isEqualTo("BTC-USD above 65000");
      assertThat(GreenMailUtil.getBody(mail)).contains("BTC-USD is 66000.5 (above 65000)");
      assertThat(mail.getFrom()[0].toString()).isEqualTo("alerts@tickwire.test");

      // Each channel's delivery is counted, and its wait in the queue measured, on /metrics.
      for (String channel : new String[] {"websocket", "webhook", "email"}) {
        Await.until(channel + " delivery on /metrics", () -> {
          String metrics = node.get("/metrics").body();
          return java.util.regex.Pattern.compile("tickwire_notifications_deliveries_total\\{"
              + "channel=\"" + channel + "\",node=\"[^\"]*\",outcome=\"delivered\"\\} [1-9]")
              .matcher(metrics).find()
              && metrics.contains("tickwire_notifications_queue_wait_seconds_count{channel=\""
              + channel + "\"");
        });
      }

      JsonObject inbox = client.call("notifications.list", new JsonObject());
      assertThat(inbox.getLong("unread")).isEqualTo(1);
      assertThat(inbox.getJsonArray("notifications").getJsonObject(0).getString("id"))
          .isEqualTo(id);
      assertThat(inbox.getValue("next")).isNull();
      assertThat(client.call("alerts.get", new JsonObject().put("id", rule)).getString("state"))
          .isEqualTo("fired");
      JsonObject acked = client.call("notifications.ack", new JsonObject().put("upTo", id));
      assertThat(acked.getLong("acked")).isEqualTo(1);
      assertThat(acked.getLong("unread")).isZero();
      assertThat(client.call("notifications.list", new JsonObject().put("unreadOnly", true))
          .getJsonArray("notifications")).isEmpty();
    }
  }

  @Test
  @DisplayName("once fires a single time; every fires again only outside its cooldown")
  void onceAndEvery() {
    String bob = user("bob");
    try (TestSocket client = node.connect("?token=" + node.devToken(bob))) {
      client.subscribe("user." + bob);
      String once = client.call("alerts.create", above("SOL-USD", 100)).getString("id");
      String every = client.call("alerts.create", above("SOL-USD", 100).put("trigger", "every")
          .put("cooldownMs", 200)).getString("id");
      node.price("SOL-USD", 90, 10_000);
      node.price("SOL-USD", 110, 10_001);
      node.price("SOL-USD", 90, 10_002);
      node.price("SOL-USD", 110, 10_100); // inside the cooldown of 200 ms
      node.price("SOL-USD", 90, 10_150);
      node.price("SOL-USD", 110, 10_301); // past it
      List<JsonObject> got = List.of(notification(client), notification(client),
          notification(client));
      assertThat(got).extracting(n -> n.getString("ruleId"))
          .containsExactlyInAnyOrder(once, every, every);
      assertThat(got).filteredOn(n -> n.getString("ruleId").equals(every))
          .extracting(n -> n.getJsonObject("data").getLong("ts"))
          .containsExactlyInAnyOrder(10_001L, 10_301L);
      JsonObject onceRule = client.call("alerts.get", new JsonObject().put("id", once));
      assertThat(onceRule.getString("state")).isEqualTo("fired");
      assertThat(onceRule.getLong("fireCount")).isEqualTo(1);
      JsonObject everyRule = client.call("alerts.get", new JsonObject().put("id", every));
      assertThat(everyRule.getString("state")).isEqualTo("active");
      assertThat(everyRule.getLong("fireCount")).isEqualTo(2);
      assertThat(client.call("notifications.list", new JsonObject()).getJsonArray("notifications"))
          .hasSize(3);
    }
  }

  @Test
  @DisplayName("quiet hours hold webhooks and e-mail, not the WebSocket, until they end")
  void quietHours() throws Exception {
    String carol = user("carol");
    Instant now = Instant.now();
    DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    JsonObject quiet = new JsonObject().put("start", hhmm.format(now.minus(1, ChronoUnit.HOURS)))
        .put("end", hhmm.format(now.plus(1, ChronoUnit.HOURS))).put("timeZone", "UTC");
    try (TestSocket client = node.connect("?token=" + node.devToken(carol))) {
      String secret = setUp(client, carol, new JsonObject().put("quietHours", quiet));
      client.call("alerts.create", above("ETH-USD", 100).put("trigger", "every")
          .put("cooldownMs", 0));
      node.price("ETH-USD", 90, 1);
      node.price("ETH-USD", 110, 2);
      String first = notification(client).getString("id");
      node.price("ETH-USD", 90, 3);
      node.price("ETH-USD", 110, 4);
      // The second notification is dispatched after everything of the first was handled.
      String second = notification(client).getString("id");
      assertThat(hooks.pending(carol)).isEmpty();

      JsonArray deliveries = client.call("notifications.list", new JsonObject())
          .getJsonArray("notifications").getJsonObject(1).getJsonArray("deliveries");
      long end = QuietHours.fromJson(quiet).endAfter(now).toEpochMilli();
      assertThat(deliveries).extracting(d -> ((JsonObject) d).getString("channel") + "="
          + ((JsonObject) d).getString("status")).containsExactlyInAnyOrder(
          "websocket=delivered", "webhook=waiting", "email=waiting");
      assertThat(deliveries).filteredOn(d -> !"websocket".equals(((JsonObject) d)
          .getString("channel"))).allSatisfy(d -> assertThat(((JsonObject) d)
          .getLong("nextAttemptAt")).isEqualTo(end));
      assertThat(LocalTime.ofInstant(Instant.ofEpochMilli(end), ZoneOffset.UTC).toString())
          .isEqualTo(quiet.getString("end"));

      client.call("preferences.set", new JsonObject().putNull("quietHours"));
      Set<String> hooked = new HashSet<>();
      for (int i = 0; i < 2; i++) {
        WebhookReceiver.Received hook = hooks.next(carol);
        verifySignature(hook, secret);
        hooked.add(hook.id());
      }
      assertThat(hooked).containsExactlyInAnyOrder(first, second);
      mailTo(carol + "@example.test");
      mailTo(carol + "@example.test");
    }
  }

  @Test
  @DisplayName("a webhook receiver that is down, then up, gets the notification once")
  void webhookDownThenUp() {
    String dave = user("dave");
    AtomicInteger calls = new AtomicInteger();
    // Down: the connection drops, then a 503; then up.
    hooks.answer(dave, () -> switch (calls.incrementAndGet()) {
      case 1 -> WebhookReceiver.DROP;
      case 2 -> 503;
      default -> 200;
    });
    try (TestSocket client = node.connect("?token=" + node.devToken(dave))) {
      String secret = setUp(client, dave, new JsonObject()
          .put("channels", new JsonObject().put("email", false)));
      client.call("alerts.create", above("XRP-USD", 1).put("trigger", "every")
          .put("cooldownMs", 0));
      node.price("XRP-USD", 0.5, 1);
      node.price("XRP-USD", 1.5, 2);
      String first = notification(client).getString("id");
      List<WebhookReceiver.Received> attempts = List.of(hooks.next(dave), hooks.next(dave),
          hooks.next(dave));
      assertThat(attempts).extracting(WebhookReceiver.Received::answered)
          .containsExactly(-1, 503, 200);
      assertThat(attempts).allSatisfy(hook -> {
        assertThat(hook.id()).isEqualTo(first);
        verifySignature(hook, secret);
      });

      node.price("XRP-USD", 0.5, 3);
      node.price("XRP-USD", 1.5, 4);
      String second = notification(client).getString("id");
      WebhookReceiver.Received next = hooks.next(dave);
      assertThat(next.id()).as("the first is not sent again").isEqualTo(second);
      JsonObject webhook = client.call("notifications.list", new JsonObject())
          .getJsonArray("notifications").getJsonObject(1).getJsonArray("deliveries").stream()
          .map(JsonObject.class::cast).filter(d -> d.getString("channel").equals("webhook"))
          .findFirst().orElseThrow();
      assertThat(webhook.getString("status")).isEqualTo("delivered");
      assertThat(webhook.getLong("attempts")).isEqualTo(3);
    }
  }

  @Test
  @DisplayName("a 410 from the webhook disables it and tells the user")
  void gone() {
    String erin = user("erin");
    hooks.answer(erin, () -> 410);
    try (TestSocket client = node.connect("?token=" + node.devToken(erin))) {
      setUp(client, erin, new JsonObject().put("channels", new JsonObject().put("email", false)));
      client.call("alerts.create", above("AVAX-USD", 10));
      node.price("AVAX-USD", 9, 1);
      node.price("AVAX-USD", 11, 2);
      JsonObject notice = client.until(frame -> "message".equals(frame.getString("type"))
          && "Webhook disabled".equals(frame.getJsonObject("data")
              .getJsonObject("notification", new JsonObject()).getString("title")))
          .getJsonObject("data").getJsonObject("notification");
      assertThat(notice.getValue("ruleId")).isNull();
      assertThat(notice.getString("body")).contains(hooks.url(erin)).contains("410");
      JsonObject webhook = client.call("preferences.get", new JsonObject())
          .getJsonObject("webhook");
      assertThat(webhook.getBoolean("disabled")).isTrue();
      assertThat(webhook.getString("disabledReason")).contains("410");
      assertThat(hooks.next(erin).answered()).isEqualTo(410);
      assertThat(client.call("preferences.set", new JsonObject().put("webhook",
              new JsonObject().put("url", hooks.url(erin) + "-new")))
          .getJsonObject("webhook").getBoolean("disabled")).isFalse();
    }
  }

  @Test
  @DisplayName("transaction and balance events fire the wallet rules of the token's wallets")
  void walletRules() {
    String frank = user("frank");
    try (TestSocket client = node.connect("?token=" + node.devToken(frank, WALLET))) {
      client.subscribe("user." + frank);
      String confirmed = client.call("alerts.create", new JsonObject().put("condition",
          "tx_status").put("address", WALLET).put("status", "confirmed")).getString("id");
      String low = client.call("alerts.create", new JsonObject().put("condition", "balance_below")
          .put("address", WALLET).put("amount", "1000000000000000000")).getString("id");
      node.txEvent(new JsonObject().put("type", "transition").put("hash", "0xfeed")
          .put("from", WALLET).put("to", "0x" + "2".repeat(40)).put("fromState", "pending")
          .put("toState", "confirmed").put("blockNumber", 12).put("confirmations", 1)
          .put("ts", 5));
      JsonObject tx = notification(client);
      assertThat(tx.getString("ruleId")).isEqualTo(confirmed);
      assertThat(tx.getString("title")).isEqualTo("Transaction confirmed");
      assertThat(tx.getJsonObject("data").getString("hash")).isEqualTo("0xfeed");
      node.txEvent(new JsonObject().put("type", "balance").put("address", WALLET)
          .put("balance", "500000000000000000").put("blockNumber", 13).put("ts", 6));
      JsonObject balance = notification(client);
      assertThat(balance.getString("ruleId")).isEqualTo(low);
      assertThat(balance.getString("body")).contains("500000000000000000 wei");

      // A rule on a token balance, named by symbol: the token's balance in the same event fires
      // it; the native balance, however low, does not.
      String tokens = client.call("alerts.create", new JsonObject()
          .put("condition", "balance_above").put("address", WALLET).put("token", "tkn")
          .put("amount", "1000000")).getString("id");
      JsonObject listed = client.call("alerts.get", new JsonObject().put("id", tokens));
      assertThat(listed.toString()).contains(AlertsFixture.TOKEN);
      node.txEvent(new JsonObject().put("type", "balance").put("address", WALLET)
          .put("balance", "1").put("blockNumber", 14).put("tokens", new JsonArray()
              .add(new JsonObject().put("token", AlertsFixture.TOKEN).put("symbol", "TKN")
                  .put("decimals", 6).put("balance", "2500000")))
          .put("ts", 7));
      JsonObject token = notification(client);
      assertThat(token.getString("ruleId")).isEqualTo(tokens);
      assertThat(token.getString("title")).isEqualTo("Token balance above 1000000");
      assertThat(token.getString("body")).contains("2500000 units of token " + AlertsFixture.TOKEN);
      assertThat(token.getJsonObject("data").getString("token")).isEqualTo(AlertsFixture.TOKEN);
    }
  }

  @Test
  @DisplayName("mute all: a firing is recorded and listed but delivered on no channel")
  void muteAll() throws Exception {
    String gina = user("gina");
    String address = gina + "@example.test";
    try (TestSocket client = node.connect("?token=" + node.devToken(gina))) {
      setUp(client, gina, new JsonObject().put("muteAll", true));
      String rule = client.call("alerts.create", above("LINK-USD", 10).put("trigger", "every")
          .put("cooldownMs", 0)).getString("id");
      node.price("LINK-USD", 9, 1);
      node.price("LINK-USD", 11, 2);
      Notification muted = storage.recorded(gina);
      assertThat(muted.ruleId()).isEqualTo(rule);
      for (String channel : Firing.CHANNELS) {
        FlakyStorage.Outcome outcome = storage.outcome(muted.id(), channel);
        assertThat(outcome.status()).as(channel).isEqualTo(DeliveryQueue.SKIPPED);
        assertThat(outcome.error()).as(channel).isEqualTo("muted");
      }
      // docs/alerts.md §6 promises "nothing is delivered" under muteAll, the WebSocket
      // included (unlike quiet hours): user.<id> carries no message for it.
      assertThat(delivers(client.drain(), muted.id())).isFalse();
      assertThat(hooks.pending(gina)).isEmpty();
      assertThat(mailsTo(address)).isZero();
      JsonObject inbox = client.call("notifications.list", new JsonObject());
      assertThat(inbox.getLong("unread")).isEqualTo(1);
      JsonObject listed = inbox.getJsonArray("notifications").getJsonObject(0);
      assertThat(listed.getString("id")).isEqualTo(muted.id());
      assertThat(listed.getJsonArray("deliveries")).extracting(d -> ((JsonObject) d)
          .getString("channel") + "=" + ((JsonObject) d).getString("status"))
          .containsExactlyInAnyOrder("websocket=skipped", "webhook=skipped", "email=skipped");

      // Unmuted, the next firing goes out everywhere: the mute was what held the first back.
      client.call("preferences.set", new JsonObject().put("muteAll", false));
      node.price("LINK-USD", 9, 3);
      node.price("LINK-USD", 11, 4);
      String id = notification(client).getString("id");
      assertThat(storage.recorded(gina).id()).isEqualTo(id);
      assertThat(hooks.next(gina).id()).isEqualTo(id);
      assertThat(mailTo(address).getSubject()).isEqualTo("LINK-USD above 10");
      assertThat(mailsTo(address)).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a channel switched off is skipped while the channels left on deliver")
  void channelOff() throws Exception {
    String hank = user("hank");
    String address = hank + "@example.test";
    try (TestSocket client = node.connect("?token=" + node.devToken(hank))) {
      String secret = setUp(client, hank, new JsonObject()
          .put("channels", new JsonObject().put("email", false)));
      client.call("alerts.create", above("DOGE-USD", 1).put("trigger", "every")
          .put("cooldownMs", 0));
      node.price("DOGE-USD", 0.5, 1);
      node.price("DOGE-USD", 1.5, 2);
      String first = notification(client).getString("id");
      assertThat(storage.recorded(hank).id()).isEqualTo(first);
      WebhookReceiver.Received hook = hooks.next(hank);
      assertThat(hook.id()).isEqualTo(first);
      verifySignature(hook, secret);
      FlakyStorage.Outcome email = storage.outcome(first, "email");
      assertThat(email.status()).isEqualTo(DeliveryQueue.SKIPPED);
      assertThat(email.error()).isEqualTo("channel off");
      assertThat(mailsTo(address)).isZero();

      // The other way round: only e-mail on.
      client.call("preferences.set", new JsonObject().put("channels", new JsonObject()
          .put("websocket", false).put("webhook", false).put("email", true)));
      node.price("DOGE-USD", 0.5, 3);
      node.price("DOGE-USD", 1.5, 4);
      Notification second = storage.recorded(hank);
      MimeMessage mail = mailTo(address);
      assertThat(mail.getSubject()).isEqualTo(second.title());
      for (String channel : List.of("websocket", "webhook")) {
        FlakyStorage.Outcome outcome = storage.outcome(second.id(), channel);
        assertThat(outcome.status()).as(channel).isEqualTo(DeliveryQueue.SKIPPED);
        assertThat(outcome.error()).as(channel).isEqualTo("channel off");
      }
      assertThat(delivers(client.drain(), second.id())).isFalse();
      assertThat(hooks.pending(hank)).isEmpty();
      assertThat(mailsTo(address)).isEqualTo(1);
    }
  }
}
