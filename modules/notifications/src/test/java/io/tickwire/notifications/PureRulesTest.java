package io.tickwire.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Templates, texts, quiet hours, retries, signatures and ids")
class PureRulesTest {

  @Test
  @DisplayName("fills placeholders and refuses unknown ones")
  void templates() {
    assertThat(Template.render("{{symbol}} at {{ price }} ({{hash}})",
        Map.of("symbol", "BTC-USD", "price", "65000.5"))).isEqualTo("BTC-USD at 65000.5 ()");
    assertThatThrownBy(() -> Template.validate("{{price}} {{nope}}"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("{{nope}}");
  }

  @Test
  @DisplayName("writes a notification's title and body from the firing, or from the template")
  void notificationTexts() {
    RuleSpec spec = RuleSpec.price(Condition.ABOVE, "BTC-USD", 65_000, null);
    Fired fired = new Fired(Rule.of("rule_1", "alice", spec), 1, "rule_1:1", 1_000,
        new JsonObject().put("symbol", "BTC-USD").put("price", 65_012.5).put("level", 65_000.0));
    Notification plain = Firings.notification(fired, 2_000);
    assertThat(plain.title()).isEqualTo("BTC-USD above 65000");
    assertThat(plain.body()).isEqualTo("BTC-USD is at 65012.5, at or above 65000.");
    assertThat(plain.data().getString("ruleId")).isEqualTo("rule_1");
    assertThat(plain.firingId()).isEqualTo("rule_1:1");
    RuleSpec templated = new RuleSpec(Condition.ABOVE, "BTC-USD", 65_000.0, null, null, null,
        null, null, null, true, 0, null, "{{symbol}} {{condition}} {{level}}: now {{price}}",
        "Breakout");
    Notification custom = Firings.notification(new Fired(Rule.of("rule_2", "alice", templated),
        1, "rule_2:1", 1_000, fired.facts()), 2_000);
    assertThat(custom.title()).isEqualTo("Breakout");
    assertThat(custom.body()).isEqualTo("BTC-USD above 65000: now 65012.5");
    assertThat(Firings.duration(3_600_000)).isEqualTo("1h");
    assertThat(Firings.duration(90_000)).isEqualTo("90s");
  }

  @Test
  @DisplayName("tells quiet hours in the user's zone, across midnight and daylight saving")
  void quietHours() {
    QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0),
        ZoneId.of("Europe/Berlin"));
    Instant lateEvening = Instant.parse("2026-01-10T22:30:00Z"); // 23:30 in Berlin
    assertThat(night.contains(lateEvening)).isTrue();
    assertThat(night.endAfter(lateEvening)).isEqualTo(Instant.parse("2026-01-11T06:00:00Z"));
    Instant earlyMorning = Instant.parse("2026-01-11T05:00:00Z"); // 06:00 in Berlin
    assertThat(night.endAfter(earlyMorning)).isEqualTo(Instant.parse("2026-01-11T06:00:00Z"));
    Instant noon = Instant.parse("2026-01-11T11:00:00Z");
    assertThat(night.contains(noon)).isFalse();
    assertThat(night.endAfter(noon)).isEqualTo(noon);
    // The night the clocks go forward in Berlin (29 March 2026) ends at 07:00 CEST = 05:00 UTC.
    assertThat(night.endAfter(Instant.parse("2026-03-29T00:30:00Z")))
        .isEqualTo(Instant.parse("2026-03-29T05:00:00Z"));
    QuietHours lunch = QuietHours.fromJson(new JsonObject().put("start", "12:00")
        .put("end", "13:00").put("timeZone", "UTC"));
    assertThat(lunch.contains(Instant.parse("2026-01-11T12:59:59Z"))).isTrue();
    assertThat(lunch.contains(Instant.parse("2026-01-11T13:00:00Z"))).isFalse();
    assertThatThrownBy(() -> QuietHours.fromJson(new JsonObject().put("start", "25:00")
        .put("end", "07:00"))).hasMessageContaining("quietHours.start");
    assertThatThrownBy(() -> QuietHours.fromJson(new JsonObject().put("start", "22:00")
        .put("end", "07:00").put("timeZone", "Mars/Olympus"))).hasMessageContaining("timeZone");
  }

  @Test
  @DisplayName("backs off exponentially with jitter and gives up after the retry window")
  void retries() {
    RetryPolicy policy = new RetryPolicy(100, 1_000, 10_000, 0.2);
    assertThat(policy.delayMs(1, () -> 0.5)).isEqualTo(100);
    assertThat(policy.delayMs(2, () -> 0.5)).isEqualTo(200);
    assertThat(policy.delayMs(4, () -> 0.5)).isEqualTo(800);
    assertThat(policy.delayMs(30, () -> 0.5)).isEqualTo(1_000);
    assertThat(policy.delayMs(1, () -> 0.0)).isEqualTo(80);
    assertThat(policy.delayMs(1, () -> 0.999_999)).isEqualTo(119);
    assertThat(policy.nextAttemptAt(0, 3, 5_000, () -> 0.5)).isEqualTo(5_400);
    assertThat(policy.nextAttemptAt(0, 3, 9_700, () -> 0.5)).isEqualTo(-1);
  }

  @Test
  @DisplayName("signs webhooks exactly like the Standard Webhooks reference vector")
  void signatures() {
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    String body = "{\"test\": 2432232314}";
    String signature = WebhookSignature.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330, body);
    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    assertThat(WebhookSignature.verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
        body, "v1,bm9wZQ== " + signature)).isTrue();
    assertThat(WebhookSignature.verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331,
        body, signature)).isFalse();
    String fresh = WebhookSignature.newSecret();
    assertThat(fresh).startsWith("whsec_").isNotEqualTo(WebhookSignature.newSecret());
  }

  @Test
  @DisplayName("makes ids that sort in creation order")
  void ids() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(Ids.next("ntf"));
    }
    assertThat(ids).isSorted().doesNotHaveDuplicates();
    assertThat(ids.get(0)).startsWith("ntf_").hasSize(27);
  }
}
