package io.tickwire.notifications;

import static io.tickwire.notifications.AlertsFixture.deliverBy;
import static io.tickwire.notifications.AlertsFixture.notification;
import static io.tickwire.notifications.AlertsFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.runtime.Ownership;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks aimed at the node's own network, and receivers that misbehave, through the real
 * endpoint. The node allows no internal address but the exact host {@code hooks.test}, which the
 * test's name server resolves to 127.0.0.1 where the receivers listen. No test sends anything
 * to an address other than 127.0.0.1: the other addresses are refused before any connection.
 */
@DisplayName("Webhook targets and hostile receivers")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WebhookTargetsTest {

  static final long WEBHOOK_TIMEOUT_MS = 1_500;
  static final String ALLOWED = "hooks.test";

  @TempDir
  static Path dir;
  static WebhookReceiver hooks;
  static FlakyStorage storage;
  static Names names = new Names();
  static AlertsFixture node;

  @BeforeAll
  static void start() {
    hooks = new WebhookReceiver();
    names.answer(ALLOWED, "127.0.0.1");
    JsonObject config = AlertsFixture.config(dir, 0);
    config.getJsonObject("notifications").getJsonObject("webhook")
        .put("timeoutMs", WEBHOOK_TIMEOUT_MS)
        .put("allowedHosts", new JsonArray().add(ALLOWED))
        .put("retry", new JsonObject().put("baseMs", 60_000).put("maxDelayMs", 60_000)
            .put("forMs", 600_000).put("jitter", 0));
    node = AlertsFixture.start(config, real -> {
      storage = new FlakyStorage(real);
      return storage;
    }, Ownership.single(), names.resolvers());
  }

  @AfterAll
  static void stop() {
    node.close();
    hooks.close();
  }

  /**
   * Turns the webhook on at {@code url} (which must be accepted) and creates a rule on
   * {@code symbol}, which no other test uses.
   */
  static void webhookAt(TestSocket client, String user, String url, String symbol) {
    deliverBy(client, user, "webhook", new JsonObject().put("url", url));
    client.call("alerts.create", new JsonObject().put("symbol", symbol)
        .put("condition", "above").put("price", 100).put("trigger", "every")
        .put("cooldownMs", 0));
  }

  /** Makes the rules on {@code symbol} fire; answers the notification's id. */
  static String fire(TestSocket client, String symbol) {
    node.price(symbol, 90, 1);
    node.price(symbol, 110, 2);
    return notification(client).getString("id");
  }

  @Test
  @DisplayName("preferences.set refuses every loopback, private, link-local, shared, multicast"
      + " and unspecified target with bad_request")
  void refusedAtSetTime() {
    String alice = user("alice");
    int port = hooks.port();
    List<String> refused = List.of(
        "http://127.0.0.1:" + port + "/hook/" + alice,
        "http://127.1.2.3/",
        "http://localhost:" + port + "/hook/" + alice,
        "http://LOCALHOST./",
        "http://[::1]:" + port + "/",
        "http://0.0.0.0:" + port + "/",
        "http://[::]/",
        "http://10.0.0.1/",
        "http://10.255.255.254/",
        "http://172.16.0.1/",
        "http://172.31.255.254/",
        "http://192.168.1.1/",
        "https://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://100.127.255.254/",
        "http://[fc00::1]/",
        "http://[fd12:3456:789a::1]/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://239.255.255.250/",
        "http://[ff02::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[64:ff9b::a00:1]/",
        "http://[2002:c0a8:101::1]/");
    try (TestSocket client = node.connect("?token=" + node.devToken(alice))) {
      for (String url : refused) {
        JsonObject answer = client.request("preferences.set", new JsonObject()
            .put("channels", new JsonObject().put("webhook", true))
            .put("webhook", new JsonObject().put("url", url)));
        assertThat(answer.getString("type")).as(url + ": " + answer.encode()).isEqualTo("error");
        assertThat(answer.getString("code")).as(url).isEqualTo("bad_request");
        assertThat(answer.getString("message")).as(url).contains("webhook.url")
            .contains("public");
      }
      JsonObject kept = client.call("preferences.get", new JsonObject());
      assertThat(kept.getJsonObject("webhook").getValue("url")).isNull();
      assertThat(kept.getJsonObject("channels").getBoolean("webhook")).isFalse();
    }
    assertThat(hooks.pending(alice)).isEmpty();
  }

  @Test
  @DisplayName("a name that resolved to a public address when set and to 127.0.0.1 when sent"
      + " is refused before connecting")
  void rebindingRefusedAtConnectTime() {
    String bob = user("bob");
    String rebinding = "rebind-" + bob + ".test";
    names.answer(rebinding, "203.0.113.7");
    try (WebhookReceiver target = new WebhookReceiver();
        TestSocket client = node.connect("?token=" + node.devToken(bob))) {
      webhookAt(client, bob, target.url(rebinding, bob), "ADA-USD");
      assertThat(names.lookups(rebinding)).as("looked up when set").isEqualTo(1);
      // The attacker's name server now answers the node's own loopback address.
      names.answer(rebinding, "127.0.0.1");
      String id = fire(client, "ADA-USD");

      FlakyStorage.Outcome outcome = storage.outcome(id, "webhook");
      assertThat(outcome.status()).isEqualTo("retry");
      assertThat(outcome.error()).isEqualTo("address not allowed");
      assertThat(names.lookups(rebinding)).as("looked up again to send").isEqualTo(2);
      assertThat(target.connections()).as("nothing connected to 127.0.0.1").isZero();
      assertThat(target.pending(bob)).isEmpty();
    }
  }

  @Test
  @DisplayName("an allowed name is sent to the address it was resolved to, with its name as Host")
  void allowedNameGoesToTheResolvedAddress() {
    String carol = user("carol");
    try (TestSocket client = node.connect("?token=" + node.devToken(carol))) {
      webhookAt(client, carol, hooks.url(ALLOWED, carol), "DOGE-USD");
      String id = fire(client, "DOGE-USD");
      WebhookReceiver.Received hook = hooks.next(carol);
      assertThat(hook.id()).isEqualTo(id);
      assertThat(hook.host()).isEqualTo(ALLOWED + ":" + hooks.port());
      assertThat(storage.outcome(id, "webhook").status()).isEqualTo(DeliveryQueue.DELIVERED);
    }
  }

  @Test
  @DisplayName("a receiver that streams an endless answer is read up to 64 KiB and cut off")
  void endlessAnswerIsCapped() throws Exception {
    String dave = user("dave");
    hooks.answer(dave, () -> WebhookReceiver.ENDLESS);
    try (TestSocket client = node.connect("?token=" + node.devToken(dave))) {
      webhookAt(client, dave, hooks.url(ALLOWED, dave), "AVAX-USD");
      long start = System.nanoTime();
      String id = fire(client, "AVAX-USD");
      WebhookReceiver.Received hook = hooks.next(dave);
      // Only the cap can end this attempt before its timeout: the body never ends.
      FlakyStorage.Outcome outcome = storage.outcome(id, "webhook");
      assertThat(outcome.status()).as(String.valueOf(outcome.error()))
          .isEqualTo(DeliveryQueue.DELIVERED);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
          .isLessThan(WEBHOOK_TIMEOUT_MS);
      Await.result(hook.closed(), "close of the request");
      assertThat(hook.written().get()).as("the receiver wrote past the cap")
          .isGreaterThan(WebhookSender.MAX_RESPONSE_BYTES)
          .isLessThan(WebhookReceiver.ENDLESS_LIMIT_BYTES);
    }
  }

  @Test
  @DisplayName("a receiver that drips its answer is reset at the timeout, and the user reads"
      + " 'timeout'")
  void drippingAnswerIsResetAtTheTimeout() throws Exception {
    String erin = user("erin");
    hooks.answer(erin, () -> WebhookReceiver.DRIP);
    try (TestSocket client = node.connect("?token=" + node.devToken(erin))) {
      webhookAt(client, erin, hooks.url(ALLOWED, erin), "DOT-USD");
      String id = fire(client, "DOT-USD");
      WebhookReceiver.Received hook = hooks.next(erin);
      long answeredAt = System.nanoTime();
      FlakyStorage.Outcome outcome = storage.outcome(id, "webhook");
      assertThat(outcome.status()).isEqualTo("retry");
      assertThat(outcome.error()).isEqualTo("timeout");
      Await.result(hook.closed(), "close of the request");
      long closedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answeredAt);
      assertThat(closedMs).as("reset at the deadline, not left open")
          .isLessThan(WEBHOOK_TIMEOUT_MS + 2_000);
      assertThat(hook.written().get()).as("bytes kept coming, so no idle timeout ended it")
          .isGreaterThan(2);
      assertThat(delivery(client, id).getString("error")).isEqualTo("timeout");
    }
  }

  @Test
  @DisplayName("failed attempts tell the user a generic reason, never the connection error")
  void genericReasons() {
    String frank = user("frank");
    String gina = user("gina");
    String hank = user("hank");
    hooks.answer(gina, () -> WebhookReceiver.DROP);
    hooks.answer(hank, () -> 503);
    int closedPort = closedPort();
    try (TestSocket f = node.connect("?token=" + node.devToken(frank));
        TestSocket g = node.connect("?token=" + node.devToken(gina));
        TestSocket h = node.connect("?token=" + node.devToken(hank))) {
      webhookAt(f, frank, "http://" + ALLOWED + ":" + closedPort + "/hook/" + frank, "LINK-USD");
      webhookAt(g, gina, hooks.url(ALLOWED, gina), "LINK-USD");
      webhookAt(h, hank, hooks.url(ALLOWED, hank), "LINK-USD");
      node.price("LINK-USD", 90, 1);
      node.price("LINK-USD", 110, 2);
      String refusedId = notification(f).getString("id");
      String droppedId = notification(g).getString("id");
      String failedId = notification(h).getString("id");

      assertThat(storage.outcome(refusedId, "webhook").error()).isEqualTo("connection refused");
      assertThat(storage.outcome(droppedId, "webhook").error()).isEqualTo("connection closed");
      assertThat(storage.outcome(failedId, "webhook").error()).isEqualTo("HTTP 5xx");
      JsonObject shown = delivery(f, refusedId);
      assertThat(shown.getString("status")).isEqualTo("pending");
      assertThat(shown.getString("error")).isEqualTo("connection refused")
          .doesNotContain(String.valueOf(closedPort)).doesNotContain("127.0.0.1");
    }
  }

  /** The webhook delivery of notification {@code id} as {@code notifications.list} shows it. */
  static JsonObject delivery(TestSocket client, String id) {
    return client.call("notifications.list", new JsonObject()).getJsonArray("notifications")
        .stream().map(JsonObject.class::cast).filter(n -> n.getString("id").equals(id))
        .findFirst().orElseThrow().getJsonArray("deliveries").stream()
        .map(JsonObject.class::cast).filter(d -> d.getString("channel").equals("webhook"))
        .findFirst().orElseThrow();
  }

  /** A loopback port nothing listens on: bound, then closed. */
  static int closedPort() {
    Vertx vertx = Vertx.vertx();
    try {
      NetServer server = Await.result(vertx.createNetServer()
          .connectHandler(socket -> socket.close()).listen(0, "127.0.0.1"));
      int port = server.actualPort();
      Await.result(server.close());
      return port;
    } finally {
      Await.result(vertx.close());
    }
  }
}
