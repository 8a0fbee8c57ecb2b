package io.tickwire.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Notification preferences")
class PreferencesTest {

  @Test
  @DisplayName("change only the given fields and ask for a secret with a new webhook URL")
  void apply() {
    Preferences.Change change = Preferences.DEFAULT.apply(new JsonObject()
        .put("channels", new JsonObject().put("webhook", true))
        .put("webhook", new JsonObject().put("url", "https://hooks.example.com/t")), false, false);
    assertThat(change.newSecret()).isTrue();
    Preferences set = change.preferences();
    assertThat(set.websocket()).isTrue();
    assertThat(set.webhookActive()).isTrue();
    Preferences.Change muted = set.apply(new JsonObject().put("muteAll", true), false, true);
    assertThat(muted.newSecret()).isFalse();
    assertThat(muted.preferences().muteAll()).isTrue();
    assertThat(muted.preferences().webhookUrl()).isEqualTo("https://hooks.example.com/t");
    Preferences disabled = set.withWebhookDisabled("gone");
    assertThat(disabled.webhookActive()).isFalse();
    Preferences again = disabled.apply(new JsonObject().put("webhook",
        new JsonObject().put("url", "https://hooks.example.com/new")), false, true).preferences();
    assertThat(again.webhookActive()).isTrue();
    assertThat(Preferences.fromStored(again.toStored())).isEqualTo(again);
  }

  @Test
  @DisplayName("refuse what cannot work, naming the field")
  void refusals() {
    assertThatThrownBy(() -> Preferences.DEFAULT.apply(new JsonObject()
        .put("channels", new JsonObject().put("webhook", true)), false, false))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("webhook.url");
    assertThatThrownBy(() -> Preferences.DEFAULT.apply(new JsonObject()
        .put("webhook", new JsonObject().put("url", "http://127.0.0.1/x")), false, false))
        .hasMessageContaining("https");
    assertThat(Preferences.DEFAULT.apply(new JsonObject()
        .put("webhook", new JsonObject().put("url", "http://127.0.0.1/x")), true, false)
        .preferences().webhookUrl()).isEqualTo("http://127.0.0.1/x");
    assertThatThrownBy(() -> Preferences.DEFAULT.apply(new JsonObject()
        .put("email", new JsonObject().put("address", "not-an-address")), false, false))
        .hasMessageContaining("email.address");
    assertThatThrownBy(() -> Preferences.DEFAULT.apply(new JsonObject()
        .put("channels", new JsonObject().put("pigeon", true)), false, false))
        .hasMessageContaining("channels.pigeon");
    assertThatThrownBy(() -> Preferences.DEFAULT.apply(new JsonObject().put("volume", 11),
        false, false)).hasMessageContaining("unknown field 'volume'");
  }
}
