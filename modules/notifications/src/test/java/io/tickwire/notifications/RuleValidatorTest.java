package io.tickwire.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rule validation")
class RuleValidatorTest {

  static final String WALLET = "0x52908400098527886e0f7030069857d2e4169ee7";
  static final long NOW = 1_700_000_000_000L;

  final RuleValidator validator = new RuleValidator(Set.of("BTC-USD", "ETH-USD"), 60_000, 100);

  RuleSpec create(String json) {
    return validator.create(new JsonObject(json), Set.of(WALLET), NOW);
  }

  static void refused(ThrowingCallable call, ErrorCode code, String message) {
    assertThatThrownBy(call).isInstanceOf(ProtocolException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((ProtocolException) e).code()).isEqualTo(code));
  }

  @Test
  @DisplayName("accepts the documented shapes with their defaults")
  void shapes() {
    RuleSpec above = create("{\"symbol\": \"btc-usd\", \"condition\": \"above\", \"price\": 65000,"
        + " \"trigger\": \"once\"}");
    assertThat(above.symbol()).isEqualTo("BTC-USD");
    assertThat(above.once()).isTrue();
    assertThat(above.toJson().getValue("price")).isEqualTo(65000L);
    RuleSpec crosses = create("{\"symbol\": \"ETH-USD\", \"condition\": \"crosses\", \"price\": 3000,"
        + " \"trigger\": \"every\"}");
    assertThat(crosses.direction()).isEqualTo("either");
    assertThat(crosses.cooldownMs()).isEqualTo(60_000);
    RuleSpec change = create("{\"symbol\": \"BTC-USD\", \"condition\": \"change_pct\", \"pct\": 5,"
        + " \"windowMs\": 3600000, \"direction\": \"down\", \"trigger\": \"every\","
        + " \"cooldownMs\": 200}");
    assertThat(change.pct()).isEqualTo(5.0);
    assertThat(change.cooldownMs()).isEqualTo(200);
    RuleSpec balance = create("{\"condition\": \"balance_below\", \"address\": \""
        + WALLET.toUpperCase().replace("0X", "0x") + "\", \"amount\": \"1000000000000000000000\"}");
    assertThat(balance.address()).isEqualTo(WALLET);
    assertThat(balance.amount()).isEqualTo(new BigInteger("1000000000000000000000"));
    RuleSpec tx = create("{\"condition\": \"tx_status\", \"address\": \"" + WALLET
        + "\", \"status\": \"confirmed\", \"message\": \"{{hash}} is {{status}}\"}");
    assertThat(tx.status()).isEqualTo("confirmed");
    assertThat(RuleSpec.fromJson(tx.toJson())).isEqualTo(tx);
    assertThat(RuleSpec.fromJson(change.toJson())).isEqualTo(change);
  }

  @Test
  @DisplayName("names the field and the problem of bad input")
  void refusals() {
    refused(() -> create("{\"symbol\": \"BTC-USD\", \"price\": 1}"), ErrorCode.BAD_REQUEST,
        "field 'condition' is required");
    refused(() -> create("{\"condition\": \"sideways\"}"), ErrorCode.BAD_REQUEST,
        "must be one of");
    refused(() -> create("{\"symbol\": \"NOPE-USD\", \"condition\": \"above\", \"price\": 1}"),
        ErrorCode.NOT_FOUND, "unknown symbol 'NOPE-USD'");
    refused(() -> create("{\"symbol\": \"BTC-USD\", \"condition\": \"above\", \"price\": -5}"),
        ErrorCode.BAD_REQUEST, "field 'price' must be greater than 0");
    refused(() -> create("{\"symbol\": \"BTC-USD\", \"condition\": \"above\", \"price\": \"5\"}"),
        ErrorCode.BAD_REQUEST, "field 'price' must be a number");
    refused(() -> create("{\"symbol\": \"BTC-USD\", \"condition\": \"above\"}"),
        ErrorCode.BAD_REQUEST, "field 'price' is required");
    refused(() -> create("{\"symbol\": \"BTC-USD\", \"condition\": \"above\", \"price\": 1,"
        + " \"pct\": 3}"), ErrorCode.BAD_REQUEST, "field 'pct' does not apply to condition 'above'");
    refused(() -> create("{\"symbol\": \"BTC-USD\", \"condition\": \"above\", \"price\": 1,"
        + " \"colour\": 3}"), ErrorCode.BAD_REQUEST, "unknown field 'colour'");
    refused(() -> create("{\"symbol\": \"BTC-USD\", \"condition\": \"above\", \"price\": 1,"
        + " \"cooldownMs\": 3}"), ErrorCode.BAD_REQUEST, "applies to trigger 'every' only");
    refused(() -> create("{\"symbol\": \"BTC-USD\", \"condition\": \"above\", \"price\": 1,"
        + " \"expiresAt\": " + (NOW - 1) + "}"), ErrorCode.BAD_REQUEST, "must be in the future");
    refused(() -> create("{\"symbol\": \"BTC-USD\", \"condition\": \"change_pct\", \"pct\": 5}"),
        ErrorCode.BAD_REQUEST, "field 'windowMs' is required");
    for (String window : new String[] {"120000", "1000", "3600000.5", "\"1h\"", "-60000"}) {
      refused(() -> create("{\"symbol\": \"BTC-USD\", \"condition\": \"change_pct\","
          + " \"pct\": 5, \"windowMs\": " + window + "}"), ErrorCode.BAD_REQUEST,
          "field 'windowMs' must be one of [60000, 300000, 900000, 3600000, 14400000, 86400000]");
    }
    for (long window : RuleValidator.WINDOWS_MS) {
      assertThat(create("{\"symbol\": \"BTC-USD\", \"condition\": \"change_pct\","
          + " \"pct\": 5, \"windowMs\": " + window + "}").windowMs()).isEqualTo(window);
    }
    refused(() -> create("{\"symbol\": \"BTC-USD\", \"condition\": \"crosses\", \"price\": 1,"
        + " \"direction\": \"sideways\"}"), ErrorCode.BAD_REQUEST, "field 'direction'");
    refused(() -> create("{\"condition\": \"balance_above\", \"address\": \"0x12\","
        + " \"amount\": \"1\"}"), ErrorCode.BAD_REQUEST, "field 'address'");
    refused(() -> create("{\"condition\": \"balance_above\", \"address\": \"0x"
        + "1".repeat(40) + "\", \"amount\": \"1\"}"), ErrorCode.FORBIDDEN, "not one of the wallets");
    refused(() -> create("{\"condition\": \"balance_above\", \"address\": \"" + WALLET
        + "\", \"amount\": -1}"), ErrorCode.BAD_REQUEST, "field 'amount'");
    refused(() -> create("{\"condition\": \"tx_status\", \"address\": \"" + WALLET
        + "\", \"status\": \"mined\"}"), ErrorCode.BAD_REQUEST, "field 'status' must be one of");
    refused(() -> create("{\"symbol\": \"BTC-USD\", \"condition\": \"above\", \"price\": 1,"
        + " \"message\": \"{{colour}}\"}"), ErrorCode.BAD_REQUEST, "unknown placeholder {{colour}}");
    refused(() -> create("{\"symbol\": \"BTC-USD\", \"condition\": \"above\", \"price\": 1,"
        + " \"message\": \"" + "x".repeat(101) + "\"}"), ErrorCode.BAD_REQUEST, "at most 100");
  }

  @Test
  @DisplayName("merges updates and drops the fields a new condition does not take")
  void updates() {
    RuleSpec above = create("{\"symbol\": \"BTC-USD\", \"condition\": \"above\", \"price\": 65000,"
        + " \"trigger\": \"every\", \"cooldownMs\": 1000, \"name\": \"n\"}");
    RuleSpec moved = validator.update(above, new JsonObject().put("price", 70000), Set.of(), NOW);
    assertThat(moved.price()).isEqualTo(70000.0);
    assertThat(moved.cooldownMs()).isEqualTo(1000);
    assertThat(moved.name()).isEqualTo("n");
    RuleSpec change = validator.update(above, new JsonObject().put("condition", "change_pct")
        .put("pct", 2).put("windowMs", 60_000), Set.of(), NOW);
    assertThat(change.price()).isNull();
    assertThat(change.symbol()).isEqualTo("BTC-USD");
    assertThat(change.pct()).isEqualTo(2.0);
    RuleSpec once = validator.update(above, new JsonObject().put("trigger", "once")
        .putNull("name"), Set.of(), NOW);
    assertThat(once.once()).isTrue();
    assertThat(once.name()).isNull();
  }

  static final String TOKEN = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  @Test
  @DisplayName("a balance rule may name a followed token by address or symbol; an unknown one is not_found, a bad one bad_request")
  void tokens() {
    RuleValidator withTokens = new RuleValidator(Set.of("BTC-USD"), java.util.Map.of(TOKEN, "TKN"),
        60_000, 100);
    String rule = "{\"condition\": \"balance_below\", \"address\": \"" + WALLET
        + "\", \"amount\": \"5\", \"token\": ";
    RuleSpec bySymbol = withTokens.create(new JsonObject(rule + "\"tkn\"}"), Set.of(WALLET), NOW);
    assertThat(bySymbol.token()).isEqualTo(TOKEN);
    RuleSpec byAddress = withTokens.create(new JsonObject(rule + "\"" + TOKEN.toUpperCase()
        .replace("0X", "0x") + "\"}"), Set.of(WALLET), NOW);
    assertThat(byAddress.token()).isEqualTo(TOKEN);
    assertThat(byAddress.toJson().getString("token")).isEqualTo(TOKEN);
    assertThat(RuleSpec.fromJson(byAddress.toJson())).isEqualTo(byAddress);
    assertThat(withTokens.create(new JsonObject(rule + "null}"), Set.of(WALLET), NOW).token())
        .isNull();
    refused(() -> withTokens.create(new JsonObject(rule + "\"USDC\"}"), Set.of(WALLET), NOW),
        ErrorCode.NOT_FOUND, "unknown token 'USDC'; followed tokens: TKN (" + TOKEN + ")");
    refused(() -> withTokens.create(new JsonObject(rule + "\"0x" + "1".repeat(40) + "\"}"),
        Set.of(WALLET), NOW), ErrorCode.NOT_FOUND, "unknown token");
    refused(() -> create(rule + "\"TKN\"}"), ErrorCode.NOT_FOUND,
        "no tokens are followed (transactions.tokens)");
    refused(() -> withTokens.create(new JsonObject(rule + "42}"), Set.of(WALLET), NOW),
        ErrorCode.BAD_REQUEST, "field 'token' must be a followed token's contract address");
    refused(() -> withTokens.create(new JsonObject(rule + "\"" + "T".repeat(65) + "\"}"),
        Set.of(WALLET), NOW), ErrorCode.BAD_REQUEST, "field 'token'");
    refused(() -> withTokens.create(new JsonObject("{\"condition\": \"tx_status\", \"address\": \""
        + WALLET + "\", \"status\": \"confirmed\", \"token\": \"TKN\"}"), Set.of(WALLET), NOW),
        ErrorCode.BAD_REQUEST, "field 'token' does not apply to condition 'tx_status'");
    // A token's largest balance is 78 digits; one more is refused.
    assertThat(withTokens.create(new JsonObject(rule.replace("\"5\"", "\"" + "9".repeat(78)
        + "\"") + "\"TKN\"}"), Set.of(WALLET), NOW).amount().toString()).hasSize(78);
    refused(() -> withTokens.create(new JsonObject(rule.replace("\"5\"", "\"" + "9".repeat(79)
        + "\"") + "\"TKN\"}"), Set.of(WALLET), NOW), ErrorCode.BAD_REQUEST, "at most 78 digits");
  }
}
