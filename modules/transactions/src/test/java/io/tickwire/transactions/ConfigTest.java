package io.tickwire.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The transactions section")
class ConfigTest {

  static TransactionsConfig read(JsonObject json) {
    return TransactionsConfig.from(Section.root(new JsonObject().put("transactions", json))
        .section("transactions"));
  }

  @Test
  @DisplayName("takes its defaults when absent: the simulated chain with 3 confirmations")
  void defaults() {
    TransactionsConfig config = read(new JsonObject());
    assertThat(config.source()).isEqualTo("simulated");
    assertThat(config.confirmations()).isEqualTo(TransactionsConfig.DEFAULT_SIMULATED_CONFIRMATIONS);
    assertThat(config.simulated()).isEqualTo(SimulatedConfig.defaults());
    assertThat(config.ethereum()).isEqualTo(EthereumConfig.defaults());
    assertThat(config.storePath()).isEqualTo(TransactionsConfig.DEFAULT_STORE_PATH);
  }

  @Test
  @DisplayName("wants 12 confirmations by default for an Ethereum node")
  void ethereumDefaults() {
    TransactionsConfig config = read(new JsonObject().put("source", "ethereum")
        .put("ethereum", new JsonObject().put("url", "wss://node.example:8546/ws")));
    assertThat(config.confirmations()).isEqualTo(12);
    assertThat(config.ethereum().url()).isEqualTo("wss://node.example:8546/ws");
  }

  @Test
  @DisplayName("refuses unknown keys, bad URLs, bad wallets and out-of-range numbers by name")
  void refuses() {
    assertThatThrownBy(() -> read(new JsonObject().put("confirmation", 3)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("transactions.confirmation");
    assertThatThrownBy(() -> read(new JsonObject().put("ethereum",
        new JsonObject().put("url", "http://127.0.0.1:8545"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("transactions.ethereum.url");
    assertThatThrownBy(() -> read(new JsonObject().put("simulated",
        new JsonObject().put("wallets", "0x1234"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transactions.simulated.wallets");
    assertThatThrownBy(() -> read(new JsonObject().put("confirmations", 0)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("transactions.confirmations");
    assertThatThrownBy(() -> read(new JsonObject().put("source", "bitcoin")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("transactions.source");
  }

  @Test
  @DisplayName("never shows the chain node URL's path or query, in errors or toString")
  void urlHidden() {
    assertThatThrownBy(() -> read(new JsonObject().put("ethereum",
        new JsonObject().put("url", "https://mainnet.example.org/v3/SECRET?key=SECRET"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("https://mainnet.example.org'")
        .hasMessageNotContaining("SECRET");
    assertThatThrownBy(() -> read(new JsonObject().put("ethereum",
        new JsonObject().put("url", "wss://exa mple/SECRET"))))
        .isInstanceOf(ConfigException.class).hasMessageNotContaining("SECRET");
    TransactionsConfig config = read(new JsonObject().put("source", "ethereum")
        .put("ethereum", new JsonObject().put("url", "wss://mainnet.example.org/v3/SECRET")));
    assertThat(config.toString()).contains("wss://mainnet.example.org").doesNotContain("SECRET");
  }

  @Test
  @DisplayName("reads the limits of clients' lookups and watches, and refuses them out of range")
  void limits() {
    TransactionsConfig defaults = read(new JsonObject());
    assertThat(defaults.maxLookupsInFlight())
        .isEqualTo(TransactionsConfig.DEFAULT_MAX_LOOKUPS_IN_FLIGHT);
    assertThat(defaults.maxWatchesPerUser())
        .isEqualTo(TransactionsConfig.DEFAULT_MAX_WATCHES_PER_USER);
    assertThat(defaults.lookupCacheMs()).isEqualTo(TransactionsConfig.DEFAULT_LOOKUP_CACHE_MS);
    assertThat(defaults.lookupCacheSize()).isEqualTo(TransactionsConfig.DEFAULT_LOOKUP_CACHE_SIZE);
    assertThat(read(new JsonObject().put("maxLookupsInFlight", 3).put("lookupCacheMs", 0))
        .maxLookupsInFlight()).isEqualTo(3);
    assertThatThrownBy(() -> read(new JsonObject().put("maxLookupsInFlight", 0)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transactions.maxLookupsInFlight");
    assertThatThrownBy(() -> read(new JsonObject().put("maxWatchesPerUser", 0)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transactions.maxWatchesPerUser");
    assertThatThrownBy(() -> read(new JsonObject().put("lookupCacheMs", 600_000)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("transactions.lookupCacheMs");
  }

  static JsonObject token(String address, String symbol, Object decimals) {
    return new JsonObject().put("address", address).put("symbol", symbol).put("decimals", decimals);
  }

  static final String TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

  @Test
  @DisplayName("reads transactions.tokens: lower-cased addresses, the price symbol optional, none by default")
  void tokens() {
    assertThat(read(new JsonObject()).tokens()).isEmpty();
    assertThat(read(new JsonObject()).nativePriceSymbol()).isEqualTo("ETH-USD");
    TransactionsConfig config = read(new JsonObject().put("tokens", new JsonArray()
        .add(token(TOKEN, "TKN", 18).put("priceSymbol", "TKN-USD"))
        .add(token("0x" + "a".repeat(40), "USDC", 6)))
        .put("nativePriceSymbol", "ETH-EUR"));
    assertThat(config.tokens()).containsExactly(
        new TokenConfig(TOKEN.toLowerCase(), "TKN", 18, "TKN-USD"),
        new TokenConfig("0x" + "a".repeat(40), "USDC", 6, null));
    assertThat(config.nativePriceSymbol()).isEqualTo("ETH-EUR");
  }

  @Test
  @DisplayName("refuses a bad token list by entry and field: address, symbol, decimals 0–36, price symbol, duplicates, unknown keys, more than 100")
  void badTokens() {
    refusesTokens(new JsonObject().put("tokens", "0x1234"), "transactions.tokens");
    refusesTokens(list(token("0x1234", "TKN", 18)), "transactions.tokens[0].address");
    refusesTokens(list(token(TOKEN, "", 18)), "transactions.tokens[0].symbol");
    refusesTokens(list(token(TOKEN, "T K N", 18)), "transactions.tokens[0].symbol");
    refusesTokens(list(token(TOKEN, "TKN", 37)), "transactions.tokens[0].decimals");
    refusesTokens(list(token(TOKEN, "TKN", -1)), "transactions.tokens[0].decimals");
    refusesTokens(list(token(TOKEN, "TKN", 1.5)), "transactions.tokens[0].decimals");
    refusesTokens(list(token(TOKEN, "TKN", "18")), "transactions.tokens[0].decimals");
    refusesTokens(list(token(TOKEN, "TKN", 18).put("priceSymbol", "tkn")),
        "transactions.tokens[0].priceSymbol");
    refusesTokens(list(token(TOKEN, "TKN", 18).put("price", "TKN-USD")),
        "transactions.tokens[0].price");
    refusesTokens(new JsonObject().put("tokens", new JsonArray().add(token(TOKEN, "A", 18))
        .add(token(TOKEN.toLowerCase(), "B", 18))), "transactions.tokens[1].address");
    refusesTokens(new JsonObject().put("tokens", new JsonArray().add(token(TOKEN, "TKN", 18))
        .add(token("0x" + "b".repeat(40), "tkn", 18))), "transactions.tokens[1].symbol");
    refusesTokens(new JsonObject().put("tokens", new JsonArray().add("TKN")),
        "transactions.tokens[0]");
    JsonArray many = new JsonArray();
    for (int i = 0; i <= TokenConfig.MAX_TOKENS; i++) {
      many.add(token(String.format("0x%040x", i + 1), "T" + i, 18));
    }
    refusesTokens(new JsonObject().put("tokens", many), "at most 100");
    refusesTokens(new JsonObject().put("nativePriceSymbol", "eth"),
        "transactions.nativePriceSymbol");
  }

  static JsonObject list(JsonObject token) {
    return new JsonObject().put("tokens", new JsonArray().add(token));
  }

  static void refusesTokens(JsonObject json, String named) {
    assertThatThrownBy(() -> read(json)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(named);
  }
}
