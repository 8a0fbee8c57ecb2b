package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.gateway.LocalChannelStore;
import io.tickwire.gateway.LocalConnectionRegistry;
import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.Node;
import io.tickwire.runtime.Nodes;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
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

@DisplayName("The launcher")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherTest {

  static final String CONF = "../../conf";

  @Test
  @DisplayName("accepts the shipped dev and production profiles")
  void shippedProfiles() {
    TickwireConfig dev = Main.load(CONF, "dev", null, Map.of());
    assertThat(dev.gateway().gateway().port()).isEqualTo(8080);
    assertThat(dev.gateway().auth().devTokens()).isTrue();
    assertThat(dev.gateway().namespaces().all()).containsKeys("prices", "market", "blocks", "tx",
        "wallet", "user");
    assertThat(dev.transactions().source()).isEqualTo("simulated");
    assertThat(dev.transactions().confirmations()).isEqualTo(3);
    TickwireConfig production = Main.load(CONF, "production", null, Map.of());
    assertThat(production.gateway().auth().devTokens()).isFalse();
    assertThat(production.gateway().auth().jwksUrl()).startsWith("https://");
    assertThat(production.transactions().source()).isEqualTo("ethereum");
    assertThat(production.transactions().confirmations()).isEqualTo(12);
    assertThat(production.transactions().ethereum().url()).startsWith("ws://");
  }

  @Test
  @DisplayName("applies TICKWIRE_ environment overrides and names the key of a bad one")
  void environmentOverrides() {
    TickwireConfig config = Main.load(CONF, "dev", null, Map.of(
        "TICKWIRE_GATEWAY_PORT", "9999",
        "TICKWIRE_GATEWAY_RATE_LIMIT_BURST", "7",
        "TICKWIRE_API_KEYS", "one-key,two-key",
        "TICKWIRE_NAMESPACES_PRICES_MODE", "stream"));
    assertThat(config.gateway().gateway().port()).isEqualTo(9999);
    assertThat(config.gateway().gateway().rateLimit().burst()).isEqualTo(7);
    assertThat(config.gateway().api().keys()).containsExactly("one-key", "two-key");
    assertThat(config.gateway().namespaces().get("prices").latest()).isFalse();
    assertThatThrownBy(() -> Main.load(CONF, "dev", null,
        Map.of("TICKWIRE_GATEWAY_PORT", "eighty")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.port");
    assertThatThrownBy(() -> Main.load(CONF, "dev", null,
        Map.of("TICKWIRE_GATEWAY_PORT", "70000")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.port");
  }

  @Test
  @DisplayName("refuses an unknown key or a missing profile with a message naming it")
  void badConfiguration(@TempDir Path dir) throws Exception {
    Path overlay = dir.resolve("overlay.json");
    Files.writeString(overlay, "{\"gateway\": {\"maxFrameByte\": 10}}");
    assertThatThrownBy(() -> Main.load(CONF, "dev", overlay.toString(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.maxFrameByte")
        .hasMessageContaining("unknown key");
    assertThatThrownBy(() -> Main.load(CONF, "nosuchprofile", null, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("nosuchprofile");
  }

  @Test
  @DisplayName("exits with status 2 and names the key when the configuration is bad")
  void exitsOnBadConfiguration() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(javaBin(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "dev")
        .redirectErrorStream(true);
    builder.environment().put("TICKWIRE_CONF_DIR", CONF);
    builder.environment().put("TICKWIRE_HEARTBEAT_MISSED_PONGS", "0");
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output).contains("heartbeat.missedPongs");
  }

  @Test
  @DisplayName("serves dev tokens in the dev profile only")
  void devTokensOnlyInDev(@TempDir Path dir) {
    assertThat(devTokenStatus("dev", Map.of("TICKWIRE_TRANSACTIONS_STORE_PATH",
        dir.resolve("watch.json").toString()))).isEqualTo(200);
    Map<String, String> production = new HashMap<>();
    production.put("TICKWIRE_AUTH_JWKS_URL", "");
    production.put("TICKWIRE_AUTH_HMAC_SECRET", "production-secret-0123456789");
    // No Ethereum node here to follow.
    production.put("TICKWIRE_TRANSACTIONS_ENABLED", "false");
    assertThat(devTokenStatus("production", production)).isEqualTo(404);
  }

  @Test
  @DisplayName("deploys the transaction monitor after the gateway, on the dev profile's simulated chain")
  void deploysTransactionMonitor(@TempDir Path dir) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("TICKWIRE_GATEWAY_PORT", "0");
    env.put("TICKWIRE_GATEWAY_HOST", "127.0.0.1");
    env.put("TICKWIRE_TRANSACTIONS_STORE_PATH", dir.resolve("watch.json").toString());
    TickwireConfig config = Main.load(CONF, "dev", null, env);
    Node node = Nodes.node("launcher-test");
    Vertx vertx = Nodes.start(node, new VertxOptions());
    Deployments deployments = new Deployments(vertx);
    try {
      Launch.deploy(deployments, config, node, LocalChannelStore::new,
          (v, max) -> new LocalConnectionRegistry(max)).await(30, TimeUnit.SECONDS);
      assertThat(node.health().toJson().getJsonObject("transactions").getString("source"))
          .isEqualTo("simulated");
      assertThat(Launch.banner(8080, config)).contains("simulated");
    } finally {
      deployments.undeployAll().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static int devTokenStatus(String profile, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(overrides);
    env.put("TICKWIRE_GATEWAY_PORT", "0");
    env.put("TICKWIRE_GATEWAY_HOST", "127.0.0.1");
    TickwireConfig config = Main.load(CONF, profile, null, env);
    Node node = Nodes.node("launcher-test");
    Vertx vertx = Nodes.start(node, new VertxOptions());
    Deployments deployments = new Deployments(vertx);
    try {
      int port = Launch.deploy(deployments, config, node, LocalChannelStore::new,
          (v, max) -> new LocalConnectionRegistry(max))
          .await(30, TimeUnit.SECONDS);
      HttpClient http = vertx.createHttpClient();
      return http.request(HttpMethod.GET, port, "127.0.0.1", "/dev/token?sub=alice")
          .compose(request -> request.send())
          .map(response -> response.statusCode())
          .await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      try {
        deployments.undeployAll().await(30, TimeUnit.SECONDS);
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  private static String javaBin() {
    return String.join(File.separator, List.of(System.getProperty("java.home"), "bin", "java"));
  }
}
