package io.tickwire.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("USD values of wallet balances")
class UsdPricesTest {

  static final String TKN = "0x" + "1".repeat(40);
  static final String USDC = "0x" + "2".repeat(40);
  static final String RAW = "0x" + "3".repeat(40);
  static final String WALLET = "0x" + "9".repeat(40);
  static final BigInteger ETHER = BigInteger.TEN.pow(18);

  static UsdPrices prices() {
    return new UsdPrices("ETH-USD", List.of(new TokenConfig(TKN, "TKN", 18, "TKN-USD"),
        new TokenConfig(USDC, "USDC", 6, "USDC-USD"), new TokenConfig(RAW, "RAW", 0, null)));
  }

  static JsonObject update(String symbol, Object price, long ts) {
    return new JsonObject().put("symbol", symbol).put("price", price).put("ts", ts);
  }

  @Test
  @DisplayName("values each asset at its price, rounded to cents, says which price, and totals them")
  void values() {
    UsdPrices prices = prices();
    assertThat(prices.update(update("ETH-USD", 3200.5, 1_000))).isTrue();
    assertThat(prices.update(update("USDC-USD", 0.9999, 1_000))).isTrue();
    assertThat(prices.update(update("TKN-USD", 0.125, 1_000))).isTrue();
    JsonObject balance = prices.balance(WALLET, ETHER.multiply(BigInteger.TWO),
        Map.of(TKN, ETHER.divide(BigInteger.valueOf(3)), USDC, BigInteger.valueOf(1_234_567),
            RAW, BigInteger.valueOf(5)), 7, false);
    assertThat(balance.getDouble("valueUsd")).isEqualTo(6401.0);
    assertThat(balance.getJsonObject("price")).isEqualTo(update("ETH-USD", 3200.5, 1_000));
    JsonObject tkn = balance.getJsonArray("tokens").getJsonObject(0);
    assertThat(tkn.getDouble("valueUsd")).isEqualTo(0.04);
    JsonObject usdc = balance.getJsonArray("tokens").getJsonObject(1);
    assertThat(usdc.getString("balance")).isEqualTo("1234567");
    assertThat(usdc.getDouble("valueUsd")).isEqualTo(1.23);
    JsonObject raw = balance.getJsonArray("tokens").getJsonObject(2);
    assertThat(raw.getValue("valueUsd")).isNull();
    assertThat(raw.getValue("price")).isNull();
    // The unvalued token does not count; the others do.
    assertThat(balance.getDouble("totalUsd")).isEqualTo(6402.27);
  }

  @Test
  @DisplayName("the total is null while an asset held has no price yet; a zero balance needs none")
  void unknownTotal() {
    UsdPrices prices = prices();
    prices.update(update("ETH-USD", 3000, 1));
    JsonObject held = prices.balance(WALLET, ETHER, Map.of(TKN, ETHER), 1, true);
    assertThat(held.getValue("totalUsd")).isNull();
    assertThat(held.getDouble("valueUsd")).isEqualTo(3000.0);
    JsonObject none = prices.balance(WALLET, ETHER, Map.of(TKN, BigInteger.ZERO), 1, true);
    assertThat(none.getDouble("totalUsd")).isEqualTo(3000.0);
    JsonObject empty = prices().balance(WALLET, BigInteger.ZERO, Map.of(), 1, true);
    assertThat(empty.getDouble("totalUsd")).isEqualTo(0.0);
    assertThat(empty.getJsonArray("tokens")).isEmpty();
  }

  @Test
  @DisplayName("the wallets.balance answer: the message's fields but type and snapshot; an unread token shows its error and, if priced, leaves the total unknown")
  void answer() {
    UsdPrices prices = prices();
    prices.update(update("ETH-USD", 3000, 1));
    prices.update(update("TKN-USD", 2, 1));
    JsonObject answer = prices.answer(WALLET, ETHER, Map.of(TKN, ETHER),
        Map.of(RAW, "the token did not answer balanceOf with one uint256"), 7);
    assertThat(answer.fieldNames()).containsExactlyInAnyOrder("address", "balance",
        "blockNumber", "asset", "valueUsd", "price", "tokens", "totalUsd");
    assertThat(answer.getLong("blockNumber")).isEqualTo(7);
    assertThat(answer.getJsonArray("tokens")).hasSize(2);
    JsonObject raw = answer.getJsonArray("tokens").getJsonObject(1);
    assertThat(raw.getString("symbol")).isEqualTo("RAW");
    assertThat(raw.getValue("balance")).isNull();
    assertThat(raw.getValue("valueUsd")).isNull();
    assertThat(raw.getString("error")).contains("balanceOf");
    // RAW has no price symbol: it would not count, so the total is known.
    assertThat(answer.getDouble("totalUsd")).isEqualTo(3002.0);

    JsonObject unread = prices.answer(WALLET, ETHER, Map.of(),
        Map.of(TKN, "the chain node failed: timeout"), 7);
    JsonObject tkn = unread.getJsonArray("tokens").getJsonObject(0);
    assertThat(tkn.getValue("balance")).isNull();
    assertThat(tkn.getJsonObject("price").getDouble("price")).isEqualTo(2.0);
    assertThat(unread.getValue("totalUsd")).isNull();
    assertThat(unread.getDouble("valueUsd")).isEqualTo(3000.0);
  }

  @Test
  @DisplayName("ignores other symbols, malformed, negative, infinite and older prices")
  void hostileUpdates() {
    UsdPrices prices = prices();
    assertThat(prices.update(update("BTC-USD", 60_000, 1))).isFalse();
    assertThat(prices.update(update("ETH-USD", "3000", 1))).isFalse();
    assertThat(prices.update(update("ETH-USD", -1, 1))).isFalse();
    assertThat(prices.update(update("ETH-USD", Double.POSITIVE_INFINITY, 1))).isFalse();
    assertThat(prices.update(new JsonObject().put("symbol", "ETH-USD").put("price", 1))).isFalse();
    assertThat(prices.update(null)).isFalse();
    assertThat(prices.price("ETH-USD")).isNull();
    assertThat(prices.update(update("ETH-USD", 3000, 10))).isTrue();
    assertThat(prices.update(update("ETH-USD", 1, 9))).isFalse();
    assertThat(prices.price("ETH-USD").getDouble("price")).isEqualTo(3000.0);
    assertThat(prices.price("BTC-USD")).isNull();
  }

  @Test
  @DisplayName("a uint256's largest balance at a large price stays a finite number")
  void huge() {
    UsdPrices prices = prices();
    assertThat(prices.update(update("USDC-USD", 1e16, 1))).isFalse();
    assertThat(prices.update(update("USDC-USD", UsdPrices.MAX_PRICE, 1))).isTrue();
    BigInteger max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    prices = new UsdPrices("ETH-USD", List.of(new TokenConfig(RAW, "RAW", 0, "RAW-USD")));
    prices.update(update("RAW-USD", UsdPrices.MAX_PRICE, 1));
    JsonObject balance = prices.balance(WALLET, BigInteger.ZERO, Map.of(RAW, max), 1, true);
    JsonObject raw = balance.getJsonArray("tokens").getJsonObject(0);
    assertThat(raw.getString("balance")).isEqualTo(max.toString());
    assertThat(raw.getDouble("valueUsd")).isFinite().isEqualTo(1.157920892373162e92);
    assertThat(balance.getDouble("totalUsd")).isEqualTo(raw.getDouble("valueUsd"));
    assertThat(new JsonObject(balance.encode())).isEqualTo(balance);
  }
}
