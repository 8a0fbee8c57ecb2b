package io.tickwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The configuration loader")
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConfigLoaderTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("maps a dotted key to TICKWIRE_ and upper snake case")
  void envName() {
    assertThat(ConfigLoader.envName("gateway.maxFrameBytes"))
        .isEqualTo("TICKWIRE_GATEWAY_MAX_FRAME_BYTES");
    assertThat(ConfigLoader.envName("gateway.rateLimit.framesPerSec"))
        .isEqualTo("TICKWIRE_GATEWAY_RATE_LIMIT_FRAMES_PER_SEC");
    assertThat(ConfigLoader.envName("auth.jwksUrl")).isEqualTo("TICKWIRE_AUTH_JWKS_URL");
    assertThat(ConfigLoader.envName("namespaces.order-book.mode"))
        .isEqualTo("TICKWIRE_NAMESPACES_ORDER_BOOK_MODE");
    assertThat(ConfigLoader.envName("api.keys")).isEqualTo("TICKWIRE_API_KEYS");
  }

  @Test
  @DisplayName("lists every leaf key, dotted")
  void leafKeys() {
    JsonObject json = new JsonObject().put("gateway", new JsonObject().put("port", 1)
        .put("rateLimit", new JsonObject().put("burst", 2))).put("api", new JsonObject()
        .put("keys", new JsonArray()));
    assertThat(ConfigLoader.leafKeys(json))
        .containsExactlyInAnyOrder("gateway.port", "gateway.rateLimit.burst", "api.keys");
  }

  @Test
  @DisplayName("overrides number, boolean, list and string leaves from the environment, in a copy")
  void applyEnv() {
    JsonObject json = new JsonObject()
        .put("gateway", new JsonObject().put("port", 8080).put("host", "0.0.0.0")
            .put("compression", true)
            .put("rateLimit", new JsonObject().put("framesPerSec", 50.0).put("burst", 100)))
        .put("api", new JsonObject().put("keys", new JsonArray().add("old")));
    JsonObject copy = ConfigLoader.applyEnv(json, Map.of(
        "TICKWIRE_GATEWAY_PORT", " 9090 ",
        "TICKWIRE_GATEWAY_HOST", "127.0.0.1",
        "TICKWIRE_GATEWAY_COMPRESSION", "FALSE",
        "TICKWIRE_GATEWAY_RATE_LIMIT_FRAMES_PER_SEC", "12.5",
        "TICKWIRE_API_KEYS", "k-one, k-two,,",
        "TICKWIRE_GATEWAY_UNKNOWN", "ignored",
        "OTHER", "ignored"));
    JsonObject gateway = copy.getJsonObject("gateway");
    assertThat(gateway.getValue("port")).isEqualTo(9090L);
    assertThat(gateway.getValue("host")).isEqualTo("127.0.0.1");
    assertThat(gateway.getValue("compression")).isEqualTo(false);
    assertThat(gateway.getJsonObject("rateLimit").getValue("framesPerSec")).isEqualTo(12.5);
    assertThat(gateway.getJsonObject("rateLimit").getValue("burst")).isEqualTo(100);
    assertThat(gateway.containsKey("unknown")).isFalse();
    assertThat(copy.getJsonObject("api").getJsonArray("keys")).containsExactly("k-one", "k-two");
    assertThat(json.getJsonObject("gateway").getInteger("port")).isEqualTo(8080);
    assertThat(json.getJsonObject("api").getJsonArray("keys")).containsExactly("old");
  }

  @Test
  @DisplayName("keeps a whole-number override a long, exact beyond double precision")
  void wholeNumberStaysLong() {
    JsonObject json = new JsonObject().put("a", new JsonObject().put("big", 1L));
    Object big = ConfigLoader.applyEnv(json, Map.of("TICKWIRE_A_BIG", "9007199254740993"))
        .getJsonObject("a").getValue("big");
    assertThat(big).isEqualTo(9_007_199_254_740_993L);
  }

  @Test
  @DisplayName("refuses an override that does not fit its number key, naming key and variable")
  void badNumber() {
    JsonObject json = new JsonObject().put("gateway", new JsonObject().put("port", 8080));
    ConfigException refused = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.applyEnv(json, Map.of("TICKWIRE_GATEWAY_PORT", "eighty")));
    assertThat(refused.key()).isEqualTo("gateway.port");
    assertThat(refused.getMessage()).isEqualTo("config key 'gateway.port': "
        + "TICKWIRE_GATEWAY_PORT must be a number, got 'eighty'");
  }

  @Test
  @DisplayName("refuses an override that does not fit its boolean key")
  void badBoolean() {
    JsonObject json = new JsonObject().put("auth", new JsonObject().put("devTokens", false));
    ConfigException refused = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.applyEnv(json, Map.of("TICKWIRE_AUTH_DEV_TOKENS", "yes")));
    assertThat(refused.key()).isEqualTo("auth.devTokens");
    assertThat(refused.getMessage()).contains("TICKWIRE_AUTH_DEV_TOKENS must be true or false");
  }

  @Test
  @DisplayName("loads the profile file, merges the overlay over it, then applies the environment")
  void load(Vertx vertx, VertxTestContext test) throws IOException {
    Files.writeString(dir.resolve("dev.json"), new JsonObject()
        .put("gateway", new JsonObject().put("port", 8080).put("host", "0.0.0.0")
            .put("instances", 2))
        .put("api", new JsonObject().put("keys", new JsonArray().add("dev-key")))
        .encodePrettily());
    Path overlay = dir.resolve("overlay.json");
    Files.writeString(overlay, new JsonObject()
        .put("gateway", new JsonObject().put("port", 9000))
        .put("auth", new JsonObject().put("issuer", "https://issuer.test")).encode());
    ConfigLoader.load(vertx, dir.toString(), "dev", overlay.toString(),
            Map.of("TICKWIRE_GATEWAY_HOST", "127.0.0.1",
                "TICKWIRE_AUTH_ISSUER", "https://env.test"))
        .onComplete(test.succeeding(json -> test.verify(() -> {
          JsonObject gateway = json.getJsonObject("gateway");
          assertThat(gateway.getInteger("port")).isEqualTo(9000);
          assertThat(gateway.getString("host")).isEqualTo("127.0.0.1");
          assertThat(gateway.getInteger("instances")).isEqualTo(2);
          assertThat(json.getJsonObject("api").getJsonArray("keys")).containsExactly("dev-key");
          assertThat(json.getJsonObject("auth").getString("issuer"))
              .isEqualTo("https://env.test");
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("loads the profile file alone when no overlay is given")
  void loadWithoutOverlay(Vertx vertx, VertxTestContext test) throws IOException {
    Files.writeString(dir.resolve("production.json"),
        new JsonObject().put("node", new JsonObject().put("id", "n1")).encode());
    ConfigLoader.load(vertx, dir.toString(), "production", " ", Map.of())
        .onComplete(test.succeeding(json -> test.verify(() -> {
          assertThat(json).isEqualTo(new JsonObject().put("node", new JsonObject()
              .put("id", "n1")));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("fails with a ConfigException naming the profile when its file is missing")
  void missingProfile(Vertx vertx, VertxTestContext test) {
    ConfigLoader.load(vertx, dir.toString(), "staging", null, Map.of())
        .onComplete(test.failing(failure -> test.verify(() -> {
          assertThat(failure).isInstanceOf(ConfigException.class);
          assertThat(((ConfigException) failure).key()).isEqualTo("(file)");
          assertThat(failure.getMessage()).contains("profile 'staging'")
              .contains(dir.toString());
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("fails with a ConfigException when the profile file is not JSON")
  void malformedProfile(Vertx vertx, VertxTestContext test) throws IOException {
    Files.writeString(dir.resolve("dev.json"), "{ \"gateway\": ");
    ConfigLoader.load(vertx, dir.toString(), "dev", null, Map.of())
        .onComplete(test.failing(failure -> test.verify(() -> {
          assertThat(failure).isInstanceOf(ConfigException.class);
          assertThat(failure.getMessage()).contains("profile 'dev'");
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("fails with a ConfigException naming the key when an override does not fit")
  void loadWithBadOverride(Vertx vertx, VertxTestContext test) throws IOException {
    Files.writeString(dir.resolve("dev.json"),
        new JsonObject().put("heartbeat", new JsonObject().put("intervalMs", 100)).encode());
    ConfigLoader.load(vertx, dir.toString(), "dev", null,
            Map.of("TICKWIRE_HEARTBEAT_INTERVAL_MS", "soon"))
        .onComplete(test.failing(failure -> test.verify(() -> {
          assertThat(failure).isInstanceOf(ConfigException.class);
          assertThat(((ConfigException) failure).key()).isEqualTo("heartbeat.intervalMs");
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("fails when the overlay file is missing")
  void missingOverlay(Vertx vertx, VertxTestContext test) throws IOException {
    Files.writeString(dir.resolve("dev.json"), "{}");
    ConfigLoader.load(vertx, dir.toString(), "dev", dir.resolve("nope.json").toString(),
            Map.of())
        .onComplete(test.failing(failure -> test.verify(() -> {
          assertThat(failure).isInstanceOf(ConfigException.class);
          assertThat(((ConfigException) failure).key()).isEqualTo("(file)");
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("keeps list values as lists of the override's items")
  void listOverride() {
    JsonObject json = new JsonObject().put("api", new JsonObject().put("keys", new JsonArray()));
    assertThat(ConfigLoader.applyEnv(json, Map.of("TICKWIRE_API_KEYS", "one"))
        .getJsonObject("api").getJsonArray("keys").getList()).isEqualTo(List.of("one"));
  }
}
