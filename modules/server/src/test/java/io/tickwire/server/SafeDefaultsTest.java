package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tickwire.gateway.config.AuthConfig;
import io.tickwire.runtime.ConfigException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Safe defaults of the launcher")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SafeDefaultsTest {

  @Test
  @DisplayName("starts the production profile when none is named")
  void productionByDefault() {
    assertThat(Main.profile(new String[0], Map.of())).isEqualTo("production");
    assertThat(Main.profile(new String[0], Map.of("TICKWIRE_PROFILE", ""))).isEqualTo("production");
    assertThat(Main.profile(new String[0], Map.of("TICKWIRE_PROFILE", "dev"))).isEqualTo("dev");
    assertThat(Main.profile(new String[] {"dev"}, Map.of("TICKWIRE_PROFILE", "staging")))
        .isEqualTo("dev");
  }

  @Test
  @DisplayName("without a profile or secrets, the node refuses to start (exit 2) and names every variable to set at once")
  void refusesWithoutSecrets() throws Exception {
    // The clustered production template needs a token key and the members' secret: one
    // message names both, with the alternatives for the token key.
    String output = startWithout(Map.of());
    assertThat(output).contains("bad configuration (profile production)")
        .contains("config key 'auth, cluster.identitySecret'").contains("2 secrets are not set")
        .contains("TICKWIRE_AUTH_HMAC_SECRET").contains("TICKWIRE_AUTH_JWKS_URL")
        .contains("TICKWIRE_AUTH_PUBLIC_KEY_PEM").contains("TICKWIRE_CLUSTER_IDENTITY_SECRET")
        .contains("run it with 'dev'");
    output = startWithout(Map.of("TICKWIRE_CLUSTER_IDENTITY_SECRET",
        "safe-defaults-identity-secret-0123456789"));
    assertThat(output).contains("config key 'auth': a secret is not set")
        .contains("TICKWIRE_AUTH_HMAC_SECRET").doesNotContain("TICKWIRE_CLUSTER_IDENTITY_SECRET");
    // A single node needs no members' secret; an HS256 secret alone is enough for a token key.
    assertThat(startWithout(Map.of("TICKWIRE_CLUSTER_ENABLED", "false")))
        .contains("config key 'auth': a secret is not set");
    output = startWithout(Map.of("TICKWIRE_AUTH_HMAC_SECRET",
        "safe-defaults-hmac-secret-0123456789abcdef"));
    assertThat(output).contains("config key 'cluster.identitySecret': a secret is not set")
        .contains("TICKWIRE_CLUSTER_ENABLED=false").doesNotContain("TICKWIRE_AUTH_HMAC_SECRET");
  }

  @Test
  @DisplayName("the production profile starts from an HS256 secret alone, without a JWKS")
  void productionWithHmacSecret() {
    Map<String, String> env = Map.of(
        "TICKWIRE_AUTH_HMAC_SECRET", "0123456789abcdef0123456789abcdef0123456789abcdef",
        "TICKWIRE_CLUSTER_IDENTITY_SECRET", "safe-defaults-identity-secret-0123456789");
    TickwireConfig config = Main.load(LauncherTest.CONF, "production", null, env);
    assertThat(config.gateway().auth().hmacSecret()).isEqualTo(env.get("TICKWIRE_AUTH_HMAC_SECRET"));
    assertThat(config.gateway().auth().jwksUrl()).isNull();
    assertThat(config.gateway().auth().devTokens()).isFalse();
  }

  /** Starts the launcher with no profile, no TICKWIRE_ variables but {@code env}; its output. */
  private static String startWithout(Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(javaBin(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("TICKWIRE_"));
    builder.environment().put("TICKWIRE_CONF_DIR", LauncherTest.CONF);
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isEqualTo(2);
    // Refused before anything started: no cluster, no port.
    assertThat(output).doesNotContain("Hazelcast").doesNotContain("tickwire is running");
    return output;
  }

  @Test
  @DisplayName("refuses the production profile with the dev secret, dev tokens, or a dev or short API key")
  void productionRefusesDevSettings() {
    Map<String, String> env = new HashMap<>(LauncherTest.PRODUCTION_SECRETS);
    env.put("TICKWIRE_AUTH_HMAC_SECRET", AuthConfig.DEV_HMAC_SECRET);
    assertRefused(LauncherTest.CONF, "production", env, "auth.hmacSecret", "dev profile's secret");

    env.put("TICKWIRE_AUTH_HMAC_SECRET", "a-secret-of-our-own-0123456789");
    env.put("TICKWIRE_AUTH_DEV_TOKENS", "true");
    assertRefused(LauncherTest.CONF, "production", env, "auth.devTokens", "only the dev profile");

    env.remove("TICKWIRE_AUTH_DEV_TOKENS");
    env.put("TICKWIRE_API_KEYS", "backend-key-0123456789,dev");
    assertRefused(LauncherTest.CONF, "production", env, "api.keys", "key 2 is the dev profile's key");
    env.put("TICKWIRE_API_KEYS", "short-key");
    assertRefused(LauncherTest.CONF, "production", env, "api.keys", "at least 16");

    env.put("TICKWIRE_API_KEYS", "backend-key-0123456789");
    assertThat(Main.load(LauncherTest.CONF, "production", null, env).gateway().api().keys())
        .containsExactly("backend-key-0123456789");
  }

  @Test
  @DisplayName("refuses the dev profile's file under any other profile name, one dev setting at a time")
  void devFileUnderAnotherName(@TempDir Path dir) throws Exception {
    Files.copy(Path.of(LauncherTest.CONF, "dev.json"), dir.resolve("staging.json"));
    String conf = dir.toString();
    Map<String, String> env = new HashMap<>();
    assertRefused(conf, "staging", env, "auth.devTokens", "TICKWIRE_AUTH_DEV_TOKENS=false");
    env.put("TICKWIRE_AUTH_DEV_TOKENS", "false");
    assertRefused(conf, "staging", env, "auth.hmacSecret", "TICKWIRE_AUTH_HMAC_SECRET");
    env.put("TICKWIRE_AUTH_HMAC_SECRET", "a-secret-of-our-own-0123456789");
    assertRefused(conf, "staging", env, "auth.jwksAllowHttp", "TICKWIRE_AUTH_JWKS_ALLOW_HTTP=false");
    env.put("TICKWIRE_AUTH_JWKS_ALLOW_HTTP", "false");
    assertRefused(conf, "staging", env, "api.keys", "key 1 is the dev profile's key");
    env.put("TICKWIRE_API_KEYS", "staging-backend-key-0123");
    assertRefused(conf, "staging", env, "cluster.identitySecret",
        "TICKWIRE_CLUSTER_IDENTITY_SECRET");
    env.put("TICKWIRE_CLUSTER_IDENTITY_SECRET", "staging-identity-secret-0123456789abcdef");
    assertThat(Main.load(conf, "staging", null, env).gateway().auth().devTokens()).isFalse();
    // The same file under its own name keeps its dev settings.
    assertThat(Main.load(LauncherTest.CONF, "dev", null, Map.of()).gateway().api().keys())
        .containsExactly("dev");
  }

  @Test
  @DisplayName("the banner sends metrics and details to the management port when it is on")
  void bannerWithManagementPort() {
    TickwireConfig config = Main.load(LauncherTest.CONF, "dev", null,
        Map.of("TICKWIRE_OPS_ENABLED", "true"));
    String banner = Launch.banner(new io.tickwire.gateway.GatewayModule.Ports(8080, 9091), config);
    assertThat(banner).contains("metrics     http://localhost:9091/metrics")
        .contains("http://localhost:9091/health").doesNotContain("8080/metrics");
    assertThat(Launch.banner(new io.tickwire.gateway.GatewayModule.Ports(8080, -1), config))
        .contains("metrics     http://localhost:8080/metrics");
  }

  private static void assertRefused(String conf, String profile, Map<String, String> env,
      String key, String reason) {
    ConfigException refused = catchThrowableOfType(ConfigException.class,
        () -> Main.load(conf, profile, null, env));
    assertThat(refused).as("a refusal of %s", key).isNotNull();
    assertThat(refused.key()).isEqualTo(key);
    assertThat(refused.getMessage()).contains(reason);
    env.values().stream().filter(value -> value.length() >= 9 && !value.startsWith("http"))
        .forEach(secret -> assertThat(refused.getMessage()).doesNotContain(secret));
  }

  private static String javaBin() {
    return String.join(File.separator, List.of(System.getProperty("java.home"), "bin", "java"));
  }
}
