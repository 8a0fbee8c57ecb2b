package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.channels.NamespacePolicy.Access;
import io.tickwire.channels.NamespacePolicy.Mode;
import io.tickwire.gateway.config.AdminConfig;
import io.tickwire.gateway.config.AuthConfig;
import io.tickwire.gateway.config.GatewayConfig;
import io.tickwire.gateway.config.HeartbeatConfig;
import io.tickwire.gateway.config.OpsConfig;
import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The gateway's configuration records")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigRecordsTest {

  private static final String SECRET = "0123456789abcdef";

  /** The least a valid configuration holds: a key source and one namespace. */
  private static JsonObject minimal() {
    return new JsonObject()
        .put("auth", new JsonObject().put("hmacSecret", SECRET))
        .put("namespaces", new JsonObject().put("prices", new JsonObject()));
  }

  @Test
  @DisplayName("fills every absent key with its documented default")
  void defaults() {
    GatewaySetup setup = GatewaySetup.from(Section.root(minimal()));

    GatewayConfig gateway = setup.gateway();
    assertThat(gateway.host()).isEqualTo("0.0.0.0");
    assertThat(gateway.port()).isEqualTo(8080);
    assertThat(gateway.instances()).isZero();
    assertThat(gateway.instancesOr(6)).isEqualTo(6);
    assertThat(gateway.maxFrameBytes()).isEqualTo(65_536);
    assertThat(gateway.maxSubscriptions()).isEqualTo(256);
    assertThat(gateway.compression()).isTrue();
    assertThat(gateway.outboundQueueMessages()).isEqualTo(1_000);
    assertThat(gateway.writeQueueBytes()).isEqualTo(262_144);
    assertThat(gateway.requestTimeoutMs()).isEqualTo(5_000L);
    assertThat(gateway.closeTimeoutMs()).isEqualTo(2_000L);
    assertThat(gateway.rateLimit()).isEqualTo(new GatewayConfig.RateLimit(50, 100, 100, 10_000));
    assertThat(gateway.edge()).isEqualTo(new GatewayConfig.Edge(100_000, 20, 100, 30_000, 30_000))
        .isEqualTo(GatewayConfig.Edge.DEFAULTS);
    assertThat(setup.ops()).isEqualTo(new OpsConfig(false, "127.0.0.1", 9090));

    assertThat(setup.heartbeat()).isEqualTo(new HeartbeatConfig(15_000, 2, 100, 500));

    AuthConfig auth = setup.auth();
    assertThat(auth.hmacSecret()).isEqualTo(SECRET);
    assertThat(auth.publicKeyPem()).isNull();
    assertThat(auth.jwksUrl()).isNull();
    assertThat(auth.jwksRefreshMs()).isEqualTo(600_000L);
    assertThat(auth.jwksUnknownKidRefetchMs()).isEqualTo(30_000L);
    assertThat(auth.jwksAllowHttp()).isFalse();
    assertThat(auth.issuer()).isNull();
    assertThat(auth.audience()).isNull();
    assertThat(auth.leewaySec()).isZero();
    assertThat(auth.devTokens()).isFalse();
    assertThat(auth.devTokenTtlMs()).isEqualTo(3_600_000L);

    assertThat(setup.api().keys()).isEmpty();
    assertThat(setup.api().maxBodyBytes()).isEqualTo(1_048_576);
    assertThat(setup.api().idempotencyTtlMs()).isEqualTo(300_000L);
    assertThat(setup.api().maxBanSeconds()).isEqualTo(86_400L);
    assertThat(setup.admin()).isEqualTo(new AdminConfig(false, "admin", List.of(), 1_000, 20,
        65_536, 500, 500));

    assertThat(setup.namespaces().all()).containsOnlyKeys("prices");
    assertThat(setup.namespaces().get("prices"))
        .isEqualTo(new NamespacePolicy("prices", Access.PUBLIC, Mode.STREAM, 1_000, 300_000));
  }

  @Test
  @DisplayName("reads every value that is set")
  void values() {
    JsonObject json = minimal();
    json.put("gateway", new JsonObject().put("host", "127.0.0.1").put("port", 0)
        .put("instances", 3).put("compression", false)
        .put("rateLimit", new JsonObject().put("framesPerSec", 2.5).put("burst", 5)));
    json.put("heartbeat", new JsonObject().put("intervalMs", 1_000).put("goodRttMs", 50)
        .put("fairRttMs", 50));
    json.getJsonObject("auth").put("issuer", "https://issuer.test").put("devTokens", true);
    json.put("api", new JsonObject().put("keys", "key-one, key-two").put("maxBodyBytes", 2_048)
        .put("maxBanSeconds", 0));
    json.put("admin", new JsonObject().put("enabled", true).put("role", "ops")
        .put("announcementChannels", "blocks, user.all").put("reportIntervalMs", 250)
        .put("requestsPerSec", 3).put("maxBodyBytes", 4_096).put("maxUsers", 7)
        .put("maxChannels", 8));
    json.getJsonObject("namespaces").put("wallet", new JsonObject().put("access", "WALLET")
        .put("mode", "latest").put("historySize", 0));
    GatewaySetup setup = GatewaySetup.from(Section.root(json));
    assertThat(setup.gateway().host()).isEqualTo("127.0.0.1");
    assertThat(setup.gateway().port()).isZero();
    assertThat(setup.gateway().instancesOr(6)).isEqualTo(3);
    assertThat(setup.gateway().compression()).isFalse();
    assertThat(setup.gateway().rateLimit().framesPerSec()).isEqualTo(2.5);
    assertThat(setup.gateway().rateLimit().burst()).isEqualTo(5);
    assertThat(setup.heartbeat().intervalMs()).isEqualTo(1_000L);
    assertThat(setup.auth().issuer()).isEqualTo("https://issuer.test");
    assertThat(setup.auth().devTokens()).isTrue();
    assertThat(setup.api().keys()).containsExactly("key-one", "key-two");
    assertThat(setup.api().maxBodyBytes()).isEqualTo(2_048);
    assertThat(setup.api().maxBanSeconds()).isZero();
    assertThat(setup.admin()).isEqualTo(new AdminConfig(true, "ops",
        List.of("blocks", "user.all"), 250, 3, 4_096, 7, 8));
    NamespacePolicy wallet = setup.namespaces().get("wallet");
    assertThat(wallet.access()).isEqualTo(Access.WALLET);
    assertThat(wallet.latest()).isTrue();
    assertThat(wallet.historySize()).isZero();
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        refusal("gateway.port", json -> json.put("gateway", new JsonObject().put("port", 70_000))),
        refusal("gateway.maxFrameBytes",
            json -> json.put("gateway", new JsonObject().put("maxFrameBytes", 10))),
        refusal("gateway.rateLimit.burst", json -> json.put("gateway", new JsonObject()
            .put("rateLimit", new JsonObject().put("burst", 0)))),
        refusal("gateway.prot", json -> json.put("gateway", new JsonObject().put("prot", 80))),
        refusal("gateway.maxConnections",
            json -> json.put("gateway", new JsonObject().put("maxConnections", 0))),
        refusal("gateway.connectRatePerIp",
            json -> json.put("gateway", new JsonObject().put("connectRatePerIp", -1))),
        refusal("gateway.connectBurstPerIp",
            json -> json.put("gateway", new JsonObject().put("connectBurstPerIp", 0))),
        refusal("gateway.requestHeaderTimeoutMs",
            json -> json.put("gateway", new JsonObject().put("requestHeaderTimeoutMs", 10))),
        refusal("gateway.httpIdleTimeoutMs",
            json -> json.put("gateway", new JsonObject().put("httpIdleTimeoutMs", 10))),
        refusal("ops.port", json -> json.put("ops", new JsonObject().put("port", 70_000))),
        refusal("ops.enabled", json -> json.put("ops", new JsonObject().put("enabled", "yes"))),
        refusal("ops.metrics", json -> json.put("ops", new JsonObject().put("metrics", true))),
        refusal("gateway.compression",
            json -> json.put("gateway", new JsonObject().put("compression", "yes"))),
        refusal("heartbeat.fairRttMs", json -> json.put("heartbeat", new JsonObject()
            .put("goodRttMs", 200).put("fairRttMs", 100))),
        refusal("heartbeat.intervalMs",
            json -> json.put("heartbeat", new JsonObject().put("intervalMs", 5))),
        refusal("auth", json -> json.put("auth", new JsonObject())),
        refusal("auth", json -> json.remove("auth")),
        refusal("auth.hmacSecret",
            json -> json.put("auth", new JsonObject().put("hmacSecret", "short"))),
        refusal("auth.devTokens", json -> json.put("auth", new JsonObject()
            .put("jwksUrl", "http://127.0.0.1/jwks").put("devTokens", true))),
        refusal("auth.jwksUrl",
            json -> json.put("auth", new JsonObject().put("jwksUrl", "http://idp.test/jwks"))),
        refusal("auth.jwksUrl",
            json -> json.put("auth", new JsonObject().put("jwksUrl", "ftp://idp.test/jwks"))),
        refusal("auth.jwksUrl", json -> json.put("auth", new JsonObject()
            .put("jwksUrl", "/.well-known/jwks.json").put("jwksAllowHttp", true))),
        refusal("auth.jwksUnknownKidRefetchMs", json -> json.put("auth", new JsonObject()
            .put("jwksUrl", "https://idp.test/jwks").put("jwksUnknownKidRefetchMs", 10))),
        refusal("auth.leewaySec",
            json -> json.getJsonObject("auth").put("leewaySec", -1)),
        refusal("api.keys",
            json -> json.put("api", new JsonObject().put("keys", new JsonArray().add("ab")))),
        refusal("api.keys", json -> json.put("api", new JsonObject().put("keys", "long-key,xy"))),
        refusal("api.maxBodyBytes",
            json -> json.put("api", new JsonObject().put("maxBodyBytes", 10))),
        refusal("api.maxBanSeconds",
            json -> json.put("api", new JsonObject().put("maxBanSeconds", 2_592_001))),
        refusal("admin.enabled", json -> json.put("admin", new JsonObject().put("enabled", "on"))),
        refusal("admin.reportIntervalMs",
            json -> json.put("admin", new JsonObject().put("reportIntervalMs", 10))),
        refusal("admin.requestsPerSec",
            json -> json.put("admin", new JsonObject().put("requestsPerSec", 0))),
        refusal("admin.maxBodyBytes",
            json -> json.put("admin", new JsonObject().put("maxBodyBytes", 100_000_000))),
        refusal("admin.maxUsers", json -> json.put("admin", new JsonObject().put("maxUsers", 0))),
        refusal("admin.role", json -> json.put("admin", new JsonObject().put("role", "x".repeat(65)))),
        refusal("admin.announcementChannels", json -> json.put("admin", new JsonObject()
            .put("announcementChannels", new JsonArray(java.util.Collections.nCopies(101, (Object) "blocks"))))),
        refusal("admin.password", json -> json.put("admin", new JsonObject().put("password", "x"))),
        refusal("namespaces.*", json -> json.put("namespaces", new JsonObject())),
        refusal("namespaces.*", json -> json.remove("namespaces")),
        refusal("namespaces.prices.mode", json -> json.getJsonObject("namespaces")
            .put("prices", new JsonObject().put("mode", "firehose"))),
        refusal("namespaces.prices.access", json -> json.getJsonObject("namespaces")
            .put("prices", new JsonObject().put("access", "everyone"))),
        refusal("namespaces.prices.historySize", json -> json.getJsonObject("namespaces")
            .put("prices", new JsonObject().put("historySize", -1))),
        refusal("namespaces.prices.histroySize", json -> json.getJsonObject("namespaces")
            .put("prices", new JsonObject().put("histroySize", 5))),
        refusal("namespaces.prices.presence", json -> json.getJsonObject("namespaces")
            .put("prices", new JsonObject().put("presence", "yes"))),
        refusal("namespaces.prices.joinLeave", json -> json.getJsonObject("namespaces")
            .put("prices", new JsonObject().put("joinLeave", 1))),
        refusal("namespaces.Prices",
            json -> json.getJsonObject("namespaces").put("Prices", new JsonObject())),
        refusal("namespaces.stray", json -> json.getJsonObject("namespaces").put("stray", 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  @DisplayName("refuses a bad value with a ConfigException naming its key")
  void refuses(String key, Consumer<JsonObject> change) {
    JsonObject json = minimal();
    change.accept(json);
    ConfigException refused = catchThrowableOfType(ConfigException.class,
        () -> GatewaySetup.from(Section.root(json)));
    assertThat(refused).as("a refusal naming %s", key).isNotNull();
    assertThat(refused.key()).isEqualTo(key);
    assertThat(refused.getMessage()).startsWith("config key '" + key + "': ");
  }

  @Test
  @DisplayName("accepts a JWKS URL or a public key as the only key source, without dev tokens")
  void otherKeySources() {
    JsonObject jwks = minimal().put("auth", new JsonObject().put("jwksUrl", "https://x/jwks"));
    assertThat(GatewaySetup.from(Section.root(jwks)).auth().jwksUrl()).isEqualTo("https://x/jwks");
    JsonObject http = minimal().put("auth", new JsonObject()
        .put("jwksUrl", "http://127.0.0.1:8081/jwks").put("jwksAllowHttp", true));
    assertThat(GatewaySetup.from(Section.root(http)).auth().jwksAllowHttp()).isTrue();
    JsonObject pem = minimal().put("auth", new JsonObject().put("publicKeyPem", "PEM"));
    assertThat(GatewaySetup.from(Section.root(pem)).auth().hmacSecret()).isNull();
  }

  @Test
  @DisplayName("refuses, outside the dev profile, dev tokens, the dev secret, http JWKS and the dev or short API keys")
  void devSettingsRefused() {
    GatewaySetup safe = GatewaySetup.from(Section.root(minimal().put("api", new JsonObject()
        .put("keys", new JsonArray().add("0123456789abcdef")))));
    safe.refuseDevSettings();
    assertDevRefused(minimal().put("auth", new JsonObject().put("hmacSecret", SECRET)
        .put("devTokens", true)), "auth.devTokens", "only the dev profile");
    assertDevRefused(minimal().put("auth", new JsonObject()
        .put("hmacSecret", AuthConfig.DEV_HMAC_SECRET)), "auth.hmacSecret", "dev profile's secret");
    assertDevRefused(minimal().put("auth", new JsonObject().put("hmacSecret", SECRET)
        .put("jwksUrl", "http://127.0.0.1:8081/jwks").put("jwksAllowHttp", true)),
        "auth.jwksAllowHttp", "only the dev profile");
    assertDevRefused(minimal().put("api", new JsonObject()
        .put("keys", new JsonArray().add("0123456789abcdef").add("dev"))), "api.keys",
        "key 2 is the dev profile's key");
    assertDevRefused(minimal().put("api", new JsonObject()
        .put("keys", new JsonArray().add("fifteen-chars-k"))), "api.keys",
        "at least 16");
    ConfigException refused = catchThrowableOfType(ConfigException.class,
        () -> GatewaySetup.from(Section.root(minimal().put("api", new JsonObject()
            .put("keys", new JsonArray().add("fifteen-chars-k"))))).refuseDevSettings());
    assertThat(refused.getMessage()).doesNotContain("fifteen-chars-k");
  }

  private static void assertDevRefused(JsonObject json, String key, String reason) {
    GatewaySetup setup = GatewaySetup.from(Section.root(json));
    ConfigException refused = catchThrowableOfType(ConfigException.class,
        setup::refuseDevSettings);
    assertThat(refused).as("a refusal naming %s", key).isNotNull();
    assertThat(refused.key()).isEqualTo(key);
    assertThat(refused.getMessage()).contains(reason);
  }

  @Test
  @DisplayName("never shows secrets or API keys in toString")
  void secretsHidden() {
    JsonObject json = minimal().put("api", new JsonObject().put("keys", List.of("api-key-777")));
    GatewaySetup setup = GatewaySetup.from(Section.root(json));
    assertThat(setup.auth().toString()).doesNotContain(SECRET).contains("hmacSecret=***");
    assertThat(setup.api().toString()).doesNotContain("api-key-777").contains("1 configured");
    assertThat(setup.toString()).doesNotContain(SECRET).doesNotContain("api-key-777");
  }

  private static Arguments refusal(String key, Consumer<JsonObject> change) {
    return Arguments.of(key, change);
  }
}
