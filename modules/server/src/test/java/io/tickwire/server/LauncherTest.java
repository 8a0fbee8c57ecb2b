package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.gateway.GatewayModule;
import io.tickwire.prices.VenueConfig;
import io.tickwire.prices.VenueType;
import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Methods;
import io.tickwire.runtime.NodeContext;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.NodeFixture;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
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

  /** What an operator gives the production profile: its secrets, the members' one included. */
  static final Map<String, String> PRODUCTION_SECRETS = Map.of(
      "TICKWIRE_AUTH_JWKS_URL", "https://login.example.org/.well-known/jwks.json",
      "TICKWIRE_AUTH_ISSUER", "https://login.example.org/",
      "TICKWIRE_API_KEYS", "backend-key-0123456789",
      "TICKWIRE_CLUSTER_IDENTITY_SECRET", "launcher-test-identity-secret-0123456789");

  @Test
  @DisplayName("refuses the clustered production template without the members' identity secret, naming it")
  void productionNeedsIdentitySecret() {
    Map<String, String> noMember = new HashMap<>(PRODUCTION_SECRETS);
    noMember.remove("TICKWIRE_CLUSTER_IDENTITY_SECRET");
    assertThatThrownBy(() -> Main.load(CONF, "production", null, noMember))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.identitySecret");
    Map<String, String> shortSecret = new HashMap<>(noMember);
    shortSecret.put("TICKWIRE_CLUSTER_IDENTITY_SECRET", "too-short");
    assertThatThrownBy(() -> Main.load(CONF, "production", null, shortSecret))
        .isInstanceOf(ConfigException.class).hasMessageContaining("at least 32")
        .hasMessageNotContaining("too-short");
    assertThat(Main.load(CONF, "production", null, PRODUCTION_SECRETS).cluster().eventBusPort())
        .isEqualTo(5801);
  }

  @Test
  @DisplayName("accepts the shipped dev and production profiles")
  void shippedProfiles() {
    TickwireConfig dev = Main.load(CONF, "dev", null, Map.of());
    assertThat(dev.gateway().gateway().port()).isEqualTo(8080);
    assertThat(dev.gateway().gateway().host()).isEqualTo("127.0.0.1");
    assertThat(dev.gateway().auth().devTokens()).isTrue();
    assertThat(dev.gateway().auth().hmacSecret()).isEqualTo(
        io.tickwire.gateway.config.AuthConfig.DEV_HMAC_SECRET);
    assertThat(dev.gateway().ops().enabled()).isFalse();
    assertThat(dev.gateway().admin().enabled()).isTrue();
    assertThat(dev.gateway().namespaces().all()).containsKeys("prices", "market", "blocks", "tx",
        "wallet", "user");
    assertThat(dev.transactions().source()).isEqualTo("simulated");
    assertThat(dev.transactions().confirmations()).isEqualTo(3);
    TickwireConfig production = Main.load(CONF, "production", null, PRODUCTION_SECRETS);
    assertThat(production.gateway().auth().devTokens()).isFalse();
    assertThat(production.gateway().auth().jwksUrl()).startsWith("https://");
    assertThat(production.gateway().gateway().edge().ratePerIpOn()).isTrue();
    assertThat(production.gateway().ops().enabled()).isFalse();
    assertThat(production.gateway().admin().enabled()).isFalse();
    assertThat(production.transactions().source()).isEqualTo("ethereum");
    assertThat(production.transactions().confirmations()).isEqualTo(12);
    assertThat(production.transactions().ethereum().url()).startsWith("ws://");
    assertThat(dev.notifications().storage().embedded()).isTrue();
    assertThat(dev.notifications().mail().smtp()).isFalse();
    assertThat(production.notifications().storage().kind()).isEqualTo("postgres");
    assertThat(production.notifications().mail().smtp()).isTrue();
    assertThat(production.notifications().webhook().allowHttp()).isFalse();
  }

  @Test
  @DisplayName("refuses a cluster whose members would each keep alert rules in a file of their own")
  void clusterNeedsSharedStorage() {
    assertThatThrownBy(() -> Main.load(CONF, "dev", null,
        Map.of("TICKWIRE_CLUSTER_ENABLED", "true")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.storage.kind")
        .hasMessageContaining("set it to 'postgres'");
    TickwireConfig shared = Main.load(CONF, "dev", null, Map.of("TICKWIRE_CLUSTER_ENABLED",
        "true", "TICKWIRE_NOTIFICATIONS_STORAGE_KIND", "postgres"));
    assertThat(shared.cluster().enabled()).isTrue();
    // make cluster: three members on one machine share the embedded file.
    TickwireConfig local = Main.load(CONF, "dev", null, Map.of("TICKWIRE_CLUSTER_ENABLED",
        "true", "TICKWIRE_NOTIFICATIONS_STORAGE_SHARED", "true"));
    assertThat(local.notifications().storage().shared()).isTrue();
  }

  @Test
  @DisplayName("reads the price feed: simulated venues in dev, the exchanges in production")
  void shippedPrices() {
    TickwireConfig dev = Main.load(CONF, "dev", null, Map.of());
    assertThat(dev.prices().symbols()).hasSize(10).contains("BTC-USD", "MATIC-USD");
    assertThat(dev.prices().activeVenues()).extracting(VenueConfig::type)
        .containsExactly(VenueType.SIMULATED);
    TickwireConfig production = Main.load(CONF, "production", null, PRODUCTION_SECRETS);
    assertThat(production.prices().activeVenues()).extracting(VenueConfig::type)
        .containsExactly(VenueType.COINBASE, VenueType.BINANCE, VenueType.KRAKEN);
    assertThat(production.prices().activeVenues()).allSatisfy(venue ->
        assertThat(venue.url()).startsWith("wss://"));
    assertThat(production.prices().activeVenues().get(1).symbols())
        .containsEntry("BTC-USD", "BTCUSDT");
  }

  @Test
  @DisplayName("fills the keys of prices, book, trades and candles from the price symbols, and refuses prices keys set by hand")
  void priceChannelKeys() {
    TickwireConfig config = Main.load(CONF, "dev", null,
        Map.of("TICKWIRE_PRICES_SYMBOLS", "BTC-USD,ETH-USD"));
    assertThat(config.gateway().namespaces().get("prices").keys())
        .containsExactlyInAnyOrder("BTC-USD", "ETH-USD");
    assertThat(config.gateway().namespaces().get("market").keys()).isNull();
    assertThat(config.gateway().namespaces().get("book").keys())
        .containsExactlyInAnyOrder("BTC-USD", "ETH-USD");
    assertThat(config.gateway().namespaces().get("trades").keys())
        .containsExactlyInAnyOrder("BTC-USD", "ETH-USD");
    assertThat(config.gateway().namespaces().get("candles").keys()).containsExactlyInAnyOrder(
        "BTC-USD.1m", "BTC-USD.5m", "BTC-USD.1h", "ETH-USD.1m", "ETH-USD.5m", "ETH-USD.1h");
    TickwireConfig disabled = Main.load(CONF, "dev", null,
        Map.of("TICKWIRE_PRICES_ENABLED", "false"));
    assertThat(disabled.gateway().namespaces().get("prices").keys()).isNull();
  }

  @Test
  @DisplayName("reads the dev profile's tokens, hands them to the alert rules, and refuses a bad token list at start")
  void tokens(@TempDir Path dir) throws Exception {
    TickwireConfig dev = Main.load(CONF, "dev", null, Map.of());
    assertThat(dev.transactions().tokens()).extracting(token -> token.symbol())
        .containsExactly("WBTC", "LINK");
    assertThat(dev.transactions().nativePriceSymbol()).isEqualTo("ETH-USD");
    assertThat(dev.notifications().tokens()).containsEntry(
        "0x2260fac5e5542a773aa44fbcfedf7c193bc2c599", "WBTC").hasSize(2);
    assertThat(Main.load(CONF, "production", null, PRODUCTION_SECRETS).transactions().tokens())
        .isEmpty();
    Path overlay = dir.resolve("tokens.json");
    Files.writeString(overlay, "{\"transactions\": {\"tokens\": [{\"address\":"
        + " \"0x2260fac5e5542a773aa44fbcfedf7c193bc2c599\", \"symbol\": \"WBTC\","
        + " \"decimals\": 40}]}}");
    assertThatThrownBy(() -> Main.load(CONF, "dev", overlay.toString(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transactions.tokens[0].decimals")
        .hasMessageContaining("0 to 36");
  }

  @Test
  @DisplayName("refuses price settings that cannot work, naming the key")
  void badPrices(@TempDir Path dir) throws Exception {
    Path overlay = dir.resolve("keys.json");
    Files.writeString(overlay,
        "{\"namespaces\": {\"prices\": {\"keys\": [\"BTC-USD\"]}}}");
    assertThatThrownBy(() -> Main.load(CONF, "dev", overlay.toString(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("namespaces.prices.keys");
    assertThatThrownBy(() -> Main.load(CONF, "dev", null,
        Map.of("TICKWIRE_PRICES_OUTLIER_PCT", "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("prices.outlierPct");
    Map<String, String> plainKraken = new HashMap<>(PRODUCTION_SECRETS);
    plainKraken.put("TICKWIRE_PRICES_VENUES_KRAKEN_URL", "http://ws.kraken.com");
    assertThatThrownBy(() -> Main.load(CONF, "production", null, plainKraken))
        .isInstanceOf(ConfigException.class).hasMessageContaining("prices.venues.kraken.url");
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
    assertThat(devTokenStatus("dev", Map.of(), dir)).isEqualTo(200);
    Map<String, String> production = new HashMap<>();
    // No connections to the real exchanges from a test.
    production.put("TICKWIRE_PRICES_ENABLED", "false");
    production.put("TICKWIRE_AUTH_JWKS_URL", "");
    production.put("TICKWIRE_AUTH_HMAC_SECRET", "production-secret-0123456789");
    production.put("TICKWIRE_API_KEYS", "backend-key-0123456789");
    // No Ethereum node here to follow.
    production.put("TICKWIRE_TRANSACTIONS_ENABLED", "false");
    // Alone here: the template's cluster discovery is Kubernetes.
    production.put("TICKWIRE_CLUSTER_ENABLED", "false");
    assertThat(devTokenStatus("production", production, dir)).isEqualTo(404);
  }

  @Test
  @DisplayName("deploys the transaction monitor after the gateway, on the dev profile's simulated chain")
  void deploysTransactionMonitor(@TempDir Path dir) {
    TickwireConfig config = Main.load(CONF, "dev", null, LaunchedNode.env(dir, Map.of()));
    try (LaunchedNode launched = LaunchedNode.start(config, NodeContext.create("launcher-test"))) {
      assertThat(launched.node.health().toJson().getJsonObject("transactions")
          .getString("source"))
          .isEqualTo("simulated");
      assertThat(Launch.banner(new GatewayModule.Ports(8080, -1), config)).contains("simulated");
    }
  }

  @Test
  @DisplayName("deploys the price feed after the gateway: the dev profile answers prices.snapshot")
  void deploysPrices(@TempDir Path dir) {
    TickwireConfig config = Main.load(CONF, "dev", null, LaunchedNode.env(dir, Map.of()));
    try (LaunchedNode launched = LaunchedNode.start(config, NodeContext.create("launcher-prices-test"))) {
      Object snapshot = Await.result(Methods.call(launched.vertx, "prices.snapshot",
          new JsonObject(), null, 5_000));
      assertThat(((JsonObject) snapshot).getJsonObject("prices").fieldNames())
          .containsExactlyInAnyOrderElementsOf(config.prices().symbols());
      assertThat(launched.node.health().toJson().containsKey("prices")).isTrue();
      assertThat(Launch.banner(new GatewayModule.Ports(8080, -1), config))
          .contains("10 symbols from sim-alpha");
    }
  }

  @Test
  @DisplayName("deploys the notifications module: the alert methods answer")
  void deploysNotifications(@TempDir Path dir) {
    TickwireConfig config = Main.load(CONF, "dev", null, LaunchedNode.env(dir, Map.of()));
    try (LaunchedNode launched = LaunchedNode.start(config, NodeContext.create("launcher-test"))) {
      Object rules = Await.result(Methods.call(launched.vertx, "alerts.list", new JsonObject(),
          "alice", 5_000));
      assertThat(((JsonObject) rules).getJsonArray("rules")).isEmpty();
    }
  }

  @Test
  @DisplayName("serves the admin console in the dev profile, showing the loaded configuration with every secret redacted")
  void adminConsoleShowsRedactedConfig(@TempDir Path dir) {
    Map<String, String> secrets = Map.of(
        "TICKWIRE_API_KEYS", "dev,launcher-backend-key-5521",
        "TICKWIRE_AUTH_HMAC_SECRET", "launcher-hmac-secret-0123456789-x",
        "TICKWIRE_CLUSTER_IDENTITY_SECRET", "launcher-identity-secret-0123456789-abcdef",
        "TICKWIRE_NOTIFICATIONS_MAIL_PASSWORD", "launcher-smtp-password-31",
        "TICKWIRE_NOTIFICATIONS_STORAGE_POSTGRES_PASSWORD", "launcher-db-password-42",
        "TICKWIRE_TRANSACTIONS_ETHEREUM_URL", "ws://reader:launcher-url-password-9@127.0.0.1:8545");
    Map<String, String> env = new HashMap<>(secrets);
    env.put("TICKWIRE_PRICES_ENABLED", "false");
    env.put("TICKWIRE_TRANSACTIONS_ENABLED", "false");
    TickwireConfig config = Main.load(CONF, "dev", null, LaunchedNode.env(dir, env));
    try (LaunchedNode launched = LaunchedNode.start(config, NodeContext.create("launcher-test"))) {
      NodeFixture.Response shown = launched.call(HttpMethod.GET, "/admin/api/config",
          "launcher-backend-key-5521", null);
      assertThat(shown.status()).isEqualTo(200);
      for (Map.Entry<String, String> secret : secrets.entrySet()) {
        String value = secret.getKey().equals("TICKWIRE_API_KEYS") ? "launcher-backend-key-5521"
            : secret.getKey().endsWith("_URL") ? "launcher-url-password-9" : secret.getValue();
        assertThat(shown.body()).as(secret.getKey()).doesNotContain(value);
      }
      JsonObject auth = shown.json().getJsonObject("auth");
      assertThat(auth.getString("hmacSecret")).isEqualTo("(redacted)");
      assertThat(auth.getBoolean("devTokens")).isTrue();
      assertThat(shown.json().getJsonObject("api").getJsonArray("keys"))
          .containsExactly("(redacted)", "(redacted)");
      assertThat(launched.get("/admin/").status()).isEqualTo(200);
    }
  }

  private static int devTokenStatus(String profile, Map<String, String> overrides, Path dir) {
    TickwireConfig config = Main.load(CONF, profile, null, LaunchedNode.env(dir, overrides));
    try (LaunchedNode launched = LaunchedNode.start(config, NodeContext.create("launcher-test"))) {
      return launched.get("/dev/token?sub=alice").status();
    }
  }

  private static String javaBin() {
    return String.join(File.separator, List.of(System.getProperty("java.home"), "bin", "java"));
  }
}
