package io.tickwire.notifications;

import static io.tickwire.notifications.AlertsFixture.above;
import static io.tickwire.notifications.AlertsFixture.event;
import static io.tickwire.notifications.AlertsFixture.message;
import static io.tickwire.notifications.AlertsFixture.notification;
import static io.tickwire.notifications.AlertsFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Alert rules over the WebSocket")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AlertsEndpointTest {

  static final String WALLET = "0x52908400098527886e0f7030069857d2e4169ee7";

  @TempDir
  static Path dir;
  static AlertsFixture node;

  @BeforeAll
  static void start() {
    node = AlertsFixture.start(AlertsFixture.config(dir, 0));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  TestSocket client(String user) {
    return node.connect("?token=" + node.devToken(user, WALLET));
  }

  static void refused(JsonObject answer, String code, String message) {
    assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("error");
    assertThat(answer.getString("code")).isEqualTo(code);
    assertThat(answer.getString("message")).contains(message);
  }

  @Test
  @DisplayName("need a token: every method refuses an anonymous connection with unauthorized")
  void needToken() {
    try (TestSocket anonymous = node.connect()) {
      for (String method : new String[] {"alerts.create", "alerts.list", "alerts.get",
          "alerts.update", "alerts.delete", "alerts.pause", "alerts.resume",
          "notifications.list", "notifications.ack", "preferences.get", "preferences.set"}) {
        refused(anonymous.request(method, above("BTC-USD", 1)), "unauthorized", "needs a token");
      }
    }
  }

  @Test
  @DisplayName("create, list, get, update and delete a user's rules, and only theirs")
  void crud() {
    String alice = user("alice");
    try (TestSocket client = client(alice); TestSocket other = client(user("mallory"))) {
      JsonObject created = client.call("alerts.create", above("btc-usd", 65_000)
          .put("name", "Breakout"));
      String id = created.getString("id");
      assertThat(id).startsWith("rule_");
      assertThat(created.getString("state")).isEqualTo("active");
      assertThat(created.getString("symbol")).isEqualTo("BTC-USD");
      assertThat(created.getLong("price")).isEqualTo(65_000);
      assertThat(created.getLong("createdAt")).isPositive();
      JsonObject second = client.call("alerts.create", new JsonObject().put("symbol", "ETH-USD")
          .put("condition", "change_pct").put("pct", 5).put("windowMs", 3_600_000)
          .put("direction", "up").put("trigger", "every").put("cooldownMs", 60_000));

      assertThat(client.call("alerts.list", new JsonObject()).getJsonArray("rules"))
          .extracting(rule -> ((JsonObject) rule).getString("id"))
          .containsExactly(second.getString("id"), id);
      assertThat(client.call("alerts.get", new JsonObject().put("id", id))).isEqualTo(created);
      refused(other.request("alerts.get", new JsonObject().put("id", id)), "not_found", id);
      assertThat(other.call("alerts.list", new JsonObject()).getJsonArray("rules")).isEmpty();

      JsonObject updated = client.call("alerts.update", new JsonObject().put("id", id)
          .put("price", 70_000).put("message", "{{symbol}} now {{price}}"));
      assertThat(updated.getLong("price")).isEqualTo(70_000);
      assertThat(updated.getString("name")).isEqualTo("Breakout");
      assertThat(updated.getString("message")).isEqualTo("{{symbol}} now {{price}}");
      refused(client.request("alerts.update", new JsonObject().put("id", id).put("price", -1)),
          "bad_request", "field 'price' must be greater than 0");

      assertThat(client.call("alerts.delete", new JsonObject().put("id", id))
          .getBoolean("deleted")).isTrue();
      refused(client.request("alerts.get", new JsonObject().put("id", id)), "not_found", id);
      refused(client.request("alerts.delete", new JsonObject().put("id", id)), "not_found", id);
      assertThat(client.call("alerts.list", new JsonObject().put("state", "active"))
          .getJsonArray("rules")).hasSize(1);
    }
  }

  @Test
  @DisplayName("refuse bad rules precisely: unknown symbol, negative level, foreign wallet, too many")
  void validation() {
    String bob = user("bob");
    try (TestSocket client = client(bob)) {
      refused(client.request("alerts.create", above("NOPE-USD", 1)), "not_found",
          "unknown symbol 'NOPE-USD'");
      refused(client.request("alerts.create", above("BTC-USD", -5)), "bad_request",
          "field 'price' must be greater than 0");
      refused(client.request("alerts.create", new JsonObject().put("symbol", "BTC-USD")
          .put("condition", "crosses").put("price", 5).put("direction", "sideways")),
          "bad_request", "field 'direction'");
      refused(client.request("alerts.create", new JsonObject().put("condition", "balance_below")
          .put("address", "0x" + "1".repeat(40)).put("amount", "5")), "forbidden",
          "not one of the wallets");
      refused(client.request("alerts.create", new JsonObject().put("symbol", "BTC-USD")
          .put("condition", "change_pct").put("pct", 5).put("windowMs", 7_200_000)),
          "bad_request", "field 'windowMs' must be one of [60000, 300000, 900000, 3600000,"
              + " 14400000, 86400000]");
      refused(client.request("alerts.get", new JsonObject()), "bad_request", "field 'id'");
      refused(client.request("alerts.nope", new JsonObject()), "not_found", "alerts.nope");
      for (int i = 0; i < 5; i++) {
        client.call("alerts.create", above("BTC-USD", 1_000 + i));
      }
      refused(client.request("alerts.create", above("BTC-USD", 9)), "forbidden",
          "you have 5 alert rules, the most allowed");
      assertThat(client.call("alerts.list", new JsonObject()).getJsonArray("rules")).hasSize(5);
    }
  }

  @Test
  @DisplayName("answer the same rule for the same idempotency key and create nothing new")
  void idempotency() {
    try (TestSocket client = client(user("carol"))) {
      JsonObject first = client.call("alerts.create", above("BTC-USD", 1).put("idempotencyKey",
          "k-1"));
      JsonObject again = client.call("alerts.create", above("BTC-USD", 2).put("idempotencyKey",
          "k-1"));
      assertThat(again.getString("id")).isEqualTo(first.getString("id"));
      assertThat(again.getLong("price")).isEqualTo(1);
      assertThat(client.call("alerts.list", new JsonObject()).getJsonArray("rules")).hasSize(1);
      JsonObject other = client.call("alerts.create", above("BTC-USD", 2).put("idempotencyKey",
          "k-2"));
      assertThat(other.getString("id")).isNotEqualTo(first.getString("id"));
    }
  }

  @Test
  @DisplayName("pause a rule so it does not fire, and resume it so it does")
  void pauseAndResume() {
    String dave = user("dave");
    try (TestSocket client = client(dave)) {
      client.subscribe("user." + dave);
      String paused = client.call("alerts.create", above("DOT-USD", 100)).getString("id");
      String control = client.call("alerts.create", above("DOT-USD", 100).put("trigger", "every")
          .put("cooldownMs", 0)).getString("id");
      assertThat(client.call("alerts.pause", new JsonObject().put("id", paused))
          .getString("state")).isEqualTo("paused");
      node.price("DOT-USD", 90, 1_000);
      node.price("DOT-USD", 110, 1_001);
      // The control rule fires on the same tick; the paused one must not have.
      assertThat(notification(client).getString("ruleId")).isEqualTo(control);

      assertThat(client.call("alerts.resume", new JsonObject().put("id", paused))
          .getString("state")).isEqualTo("active");
      node.price("DOT-USD", 90, 1_002);
      node.price("DOT-USD", 110, 1_003);
      assertThat(java.util.Set.of(notification(client).getString("ruleId"),
          notification(client).getString("ruleId"))).containsExactlyInAnyOrder(paused, control);
      JsonObject fired = client.call("alerts.get", new JsonObject().put("id", paused));
      assertThat(fired.getString("state")).isEqualTo("fired");
      refused(client.request("alerts.pause", new JsonObject().put("id", paused)), "bad_request",
          "is fired");
      assertThat(client.call("alerts.update", new JsonObject().put("id", paused).put("price", 120))
          .getString("state")).as("an update re-arms").isEqualTo("active");
    }
  }

  @Test
  @DisplayName("expire a rule at expiresAt: it says so on the user channel and fires no more")
  void expiry() {
    String erin = user("erin");
    try (TestSocket client = client(erin)) {
      client.subscribe("user." + erin);
      long expiresAt = System.currentTimeMillis() + 300;
      String expiring = client.call("alerts.create", above("MATIC-USD", 100)
          .put("expiresAt", expiresAt)).getString("id");
      String control = client.call("alerts.create", above("MATIC-USD", 100)).getString("id");
      JsonObject expired = event(client, "alert.expired").getJsonObject("rule");
      assertThat(expired.getString("id")).isEqualTo(expiring);
      assertThat(expired.getString("state")).isEqualTo("expired");
      assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(expiresAt);
      node.price("MATIC-USD", 90, 1_000);
      node.price("MATIC-USD", 110, 1_001);
      assertThat(notification(client).getString("ruleId")).isEqualTo(control);
      assertThat(client.call("alerts.get", new JsonObject().put("id", expiring))
          .getString("state")).isEqualTo("expired");
      refused(client.request("alerts.resume", new JsonObject().put("id", expiring)),
          "bad_request", "is expired");
      refused(client.request("alerts.create", above("MATIC-USD", 100).put("expiresAt", 5)),
          "bad_request", "must be in the future");
    }
  }

  @Test
  @DisplayName("a client that reconnects with since recovers the notifications it missed, once each")
  void recoverWithSince() {
    String frank = user("frank");
    String channel = "user." + frank;
    String token = node.devToken(frank);
    try (TestSocket watcher = node.connect("?token=" + token)) {
      watcher.subscribe(channel);
      TestSocket away = node.connect("?token=" + token);
      away.subscribe(channel);
      away.call("alerts.create", above("ADA-USD", 1).put("trigger", "every")
          .put("cooldownMs", 0));
      node.price("ADA-USD", 0.5, 1);
      node.price("ADA-USD", 1.5, 2);
      JsonObject seen = message(away, "notification");
      away.closeAndWait();
      // Published while the client is away; another dashboard of the same user sees them live.
      List<JsonObject> missed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        node.price("ADA-USD", 0.5, 3 + 2 * i);
        node.price("ADA-USD", 1.5, 4 + 2 * i);
      }
      message(watcher, "notification"); // the one the client saw
      for (int i = 0; i < 3; i++) {
        missed.add(message(watcher, "notification"));
      }

      try (TestSocket back = node.connect("?token=" + token)) {
        JsonObject granted = back.subscribe(new JsonObject().put(channel, new JsonObject()
                .put("seq", seen.getLong("seq")).put("epoch", seen.getString("epoch"))), channel)
            .getJsonArray("channels").getJsonObject(0);
        assertThat(granted.getBoolean("recovered")).isTrue();
        assertThat(granted.getString("epoch")).isEqualTo(seen.getString("epoch"));
        assertThat(granted.getLong("seq")).isEqualTo(missed.get(2).getLong("seq"));
        List<JsonObject> recovered = new ArrayList<>();
        for (JsonObject frame : back.drain()) {
          if ("message".equals(frame.getString("type"))) {
            recovered.add(frame);
          }
        }
        assertThat(recovered).extracting(frame -> frame.getLong("seq"))
            .containsExactly(seen.getLong("seq") + 1, seen.getLong("seq") + 2,
                seen.getLong("seq") + 3)
            .containsExactlyElementsOf(missed.stream().map(frame -> frame.getLong("seq"))
                .toList());
        assertThat(recovered).extracting(frame -> frame.getJsonObject("data")
                .getJsonObject("notification").getString("id"))
            .doesNotHaveDuplicates()
            .containsExactlyElementsOf(missed.stream().map(frame -> frame.getJsonObject("data")
                .getJsonObject("notification").getString("id")).toList());
        assertThat(recovered).allSatisfy(frame -> assertThat(frame.getString("epoch"))
            .isEqualTo(seen.getString("epoch")));
      }
    }
  }

  /**
   * The next {@code n} notifications on {@code client}, each as "rule ts #fireNumber direction"
   * with the rule named by {@code names}. A rule that fired on a tick where it should not have
   * shifts the firing numbers of its later notifications, so a list that matches proves the
   * rules stayed quiet in between.
   */
  static List<String> firings(TestSocket client, int n, java.util.Map<String, String> names) {
    List<String> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JsonObject notification = notification(client);
      JsonObject data = notification.getJsonObject("data");
      got.add(names.get(notification.getString("ruleId")) + " " + data.getLong("ts") + " #"
          + data.getLong("fireNumber") + " " + data.getString("direction"));
    }
    return got;
  }

  @Test
  @DisplayName("crosses fires on a move through its level in its direction, not on a touch or hold")
  void crosses() {
    String gina = user("gina");
    try (TestSocket client = client(gina)) {
      client.subscribe("user." + gina);
      java.util.Map<String, String> names = new java.util.HashMap<>();
      for (String direction : List.of("up", "down", "either")) {
        JsonObject rule = client.call("alerts.create", new JsonObject().put("symbol", "LINK-USD")
            .put("condition", "crosses").put("price", 3000).put("direction", direction)
            .put("trigger", "every").put("cooldownMs", 0));
        assertThat(rule.getString("direction")).isEqualTo(direction);
        names.put(rule.getString("id"), direction);
      }
      node.price("LINK-USD", 2900, 1); // first tick: no previous price, no crossing
      node.price("LINK-USD", 2950, 2); // below the level
      node.price("LINK-USD", 3000, 3); // up to the level: a crossing up
      node.price("LINK-USD", 3050, 4); // holds above
      node.price("LINK-USD", 2990, 5); // down through it
      node.price("LINK-USD", 2995, 6); // holds below
      node.price("LINK-USD", 3100, 7); // up through it
      node.price("LINK-USD", 2000, 8); // down through it
      assertThat(firings(client, 8, names)).containsExactlyInAnyOrder(
          "up 3 #1 up", "either 3 #1 up",
          "down 5 #1 down", "either 5 #2 down",
          "up 7 #2 up", "either 7 #3 up",
          "down 8 #2 down", "either 8 #4 down");
    }
  }

  @Test
  @DisplayName("change_pct fires on a move of pct within its window, not on a smaller or slower one")
  void changePct() {
    String hank = user("hank");
    try (TestSocket client = client(hank)) {
      client.subscribe("user." + hank);
      java.util.Map<String, String> names = new java.util.HashMap<>();
      for (String direction : List.of("up", "down", "either")) {
        JsonObject rule = client.call("alerts.create", new JsonObject().put("symbol", "SOL-USD")
            .put("condition", "change_pct").put("pct", 5).put("windowMs", 60_000)
            .put("direction", direction).put("trigger", "every").put("cooldownMs", 0));
        names.put(rule.getString("id"), direction);
      }
      node.price("SOL-USD", 100, 1_000);
      node.price("SOL-USD", 104, 2_000); // +4 % from the low: not enough
      node.price("SOL-USD", 105, 3_000); // +5 %
      node.price("SOL-USD", 106, 4_000); // still up, no new move into the condition
      node.price("SOL-USD", 100, 5_000); // -5.7 % from the high of 106
      node.price("SOL-USD", 104, 6_000); // +4 %
      node.price("SOL-USD", 106, 7_000); // +6 % from the low of 100
      // Up 7.5 % in all, but never 5 % within a minute: each earlier price has left the window.
      node.price("SOL-USD", 106, 200_000);
      node.price("SOL-USD", 110, 300_000);
      node.price("SOL-USD", 114, 400_000);
      node.price("SOL-USD", 120, 410_000); // +5.3 % from 114 within the minute
      node.price("SOL-USD", 113, 420_000); // -5.8 % from 120
      assertThat(firings(client, 10, names)).containsExactlyInAnyOrder(
          "up 3000 #1 up", "either 3000 #1 up",
          "down 5000 #1 down", "either 5000 #2 down",
          "up 7000 #2 up", "either 7000 #3 up",
          "up 410000 #3 up", "either 410000 #4 up",
          "down 420000 #2 down", "either 420000 #5 down");
    }
  }
}
