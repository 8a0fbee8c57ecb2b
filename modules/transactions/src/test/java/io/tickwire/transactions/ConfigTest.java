package io.tickwire.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
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
}
