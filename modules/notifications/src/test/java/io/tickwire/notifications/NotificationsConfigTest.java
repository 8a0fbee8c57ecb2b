package io.tickwire.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The notifications configuration")
class NotificationsConfigTest {

  static NotificationsConfig read(String json) {
    return NotificationsConfig.from(Section.root(new JsonObject(json)));
  }

  @Test
  @DisplayName("has working defaults without a section")
  void defaults() {
    NotificationsConfig config = read("{}");
    assertThat(config.symbols()).hasSize(10).contains("BTC-USD", "MATIC-USD");
    assertThat(config.limits().maxRulesPerUser()).isEqualTo(200);
    assertThat(config.limits().idempotencyTtlMs()).isEqualTo(86_400_000);
    assertThat(config.evaluation().defaultCooldownMs()).isEqualTo(60_000);
    assertThat(config.storage().embedded()).isTrue();
    assertThat(config.webhook().timeoutMs()).isEqualTo(10_000);
    assertThat(config.webhook().retry().forMs()).isEqualTo(86_400_000);
    assertThat(config.mail().smtp()).isFalse();
    assertThat(config.webhook().allowedHosts()).isEmpty();
    assertThat(config.retention()).isEqualTo(new NotificationsConfig.Retention(3_600_000,
        90 * 86_400_000L, 30 * 86_400_000L, 1_000));
  }

  @Test
  @DisplayName("refuses unknown keys and bad values, naming the key, and hides secrets")
  void refusals() {
    assertThatThrownBy(() -> read("{\"notifications\": {\"webhook\": {\"timeout\": 5}}}"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("notifications.webhook.timeout");
    assertThatThrownBy(() -> read("{\"notifications\": {\"storage\": {\"kind\": \"mongo\"}}}"))
        .hasMessageContaining("notifications.storage.kind");
    assertThatThrownBy(() -> read("{\"notifications\": {\"storage\": {\"postgres\":"
        + " {\"schema\": \"Bad-Name\"}}}}")).hasMessageContaining("schema");
    assertThatThrownBy(() -> read("{\"notifications\": {\"webhook\": {\"retry\":"
        + " {\"baseMs\": 5000, \"maxDelayMs\": 10}}}}")).hasMessageContaining("maxDelayMs");
    assertThatThrownBy(() -> read("{\"notifications\": {\"retention\": {\"intervalMs\": 10}}}"))
        .hasMessageContaining("notifications.retention.intervalMs");
    assertThatThrownBy(() -> read("{\"notifications\": {\"retention\": {\"keepMs\": 10}}}"))
        .hasMessageContaining("notifications.retention.keepMs");
    NotificationsConfig config = read("{\"notifications\": {\"mail\": {\"sink\": \"smtp\","
        + " \"password\": \"hunter2\"}, \"storage\": {\"postgres\": {\"password\": \"pw-secret\"}}}}");
    assertThat(config.mail().toString()).doesNotContain("hunter2");
    assertThat(config.storage().postgres().toString()).doesNotContain("pw-secret");
  }
}
