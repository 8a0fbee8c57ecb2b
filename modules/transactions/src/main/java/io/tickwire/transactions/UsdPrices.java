package io.tickwire.transactions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The USD value of the watched wallets' assets: the newest aggregated price of each symbol that
 * values one — {@code transactions.nativePriceSymbol} for the native asset, {@code priceSymbol}
 * per token — from the cluster-wide price stream ({@code {symbol, price, ts, …}}; other symbols
 * and malformed, negative or absurd (above {@value #MAX_PRICE}) prices are ignored, so what is kept is bounded by the configuration), and the
 * {@code balance} message of a wallet with its assets valued. Amounts are exact
 * ({@link BigInteger} raw units scaled by the decimals); a value is rounded half-even to cents.
 * Confined to the monitor's event loop; pure besides the prices it is fed.
 */
final class UsdPrices {

  /** A value's decimal places: cents. */
  static final int SCALE = 2;
  /**
   * The largest price taken: any real one is far below, and with it the largest token balance
   * (2^256 - 1 units, no decimals) is still a finite number of dollars.
   */
  static final double MAX_PRICE = 1e15;

  private final String nativeSymbol;
  private final List<TokenConfig> tokens;
  private final Set<String> wanted = new HashSet<>();
  private final Map<String, JsonObject> prices = new HashMap<>();

  UsdPrices(String nativeSymbol, List<TokenConfig> tokens) {
    this.nativeSymbol = nativeSymbol;
    this.tokens = List.copyOf(tokens);
    wanted.add(nativeSymbol);
    tokens.forEach(token -> {
      if (token.priceSymbol() != null) {
        wanted.add(token.priceSymbol());
      }
    });
  }

  /** Feeds one price update; answers whether it was kept. */
  boolean update(JsonObject update) {
    if (update == null || !(update.getValue("symbol") instanceof String symbol)
        || !wanted.contains(symbol) || !(update.getValue("price") instanceof Number price)
        || !(update.getValue("ts") instanceof Number ts)) {
      return false;
    }
    double value = price.doubleValue();
    if (!Double.isFinite(value) || value < 0 || value > MAX_PRICE) {
      return false;
    }
    JsonObject known = prices.get(symbol);
    if (known != null && known.getLong("ts") > ts.longValue()) {
      return false;
    }
    prices.put(symbol, new JsonObject().put("symbol", symbol).put("price", value)
        .put("ts", ts.longValue()));
    return true;
  }

  /** The newest price of {@code symbol}, {@code {symbol, price, ts}}, or {@code null}. */
  JsonObject price(String symbol) {
    return symbol == null ? null : prices.get(symbol);
  }

  /** {@code raw / 10^decimals × price}, rounded to cents; {@code null} without a price. */
  static BigDecimal value(BigInteger raw, int decimals, JsonObject price) {
    if (price == null) {
      return null;
    }
    return new BigDecimal(raw, decimals).multiply(BigDecimal.valueOf(price.getDouble("price")))
        .setScale(SCALE, RoundingMode.HALF_EVEN);
  }

  /**
   * The {@code balance} message of {@code address}: the native balance in wei, the tokens known
   * (raw units; a token not known yet is left out), each valued, and the total. The total is
   * {@code null} when an asset held that has a price symbol has no price yet; a token without a
   * {@code priceSymbol} is not valued and not counted.
   */
  JsonObject balance(String address, BigInteger wei, Map<String, BigInteger> held,
      long blockNumber, boolean snapshot) {
    return valued(address, wei, held, Map.of(), blockNumber).put("snapshot", snapshot);
  }

  /**
   * The answer of {@code wallets.balance}: the fields of the {@code balance} message but
   * {@code type} and {@code snapshot}. A token whose balance could not be read (in
   * {@code errors}: why) is listed with {@code "balance": null, "valueUsd": null} and its
   * {@code error}; when it has a {@code priceSymbol} the total is {@code null}, as it is unknown.
   */
  JsonObject answer(String address, BigInteger wei, Map<String, BigInteger> held,
      Map<String, String> errors, long blockNumber) {
    JsonObject answer = valued(address, wei, held, errors, blockNumber);
    answer.remove("type");
    return answer;
  }

  private JsonObject valued(String address, BigInteger wei, Map<String, BigInteger> held,
      Map<String, String> errors, long blockNumber) {
    JsonObject nativePrice = price(nativeSymbol);
    BigDecimal nativeValue = value(wei, 18, nativePrice);
    BigDecimal total = BigDecimal.ZERO.setScale(SCALE);
    boolean complete = true;
    if (nativeValue != null) {
      total = total.add(nativeValue);
    } else if (wei.signum() != 0) {
      complete = false;
    }
    JsonArray list = new JsonArray();
    for (TokenConfig token : tokens) {
      BigInteger raw = held.get(token.address());
      if (raw == null) {
        String error = errors.get(token.address());
        if (error != null) {
          if (token.priceSymbol() != null) {
            complete = false;
          }
          JsonObject price = price(token.priceSymbol());
          list.add(token.toJson().put("balance", null).put("valueUsd", null)
              .put("price", price == null ? null : price.copy()).put("error", error));
        }
        continue;
      }
      JsonObject price = price(token.priceSymbol());
      BigDecimal value = value(raw, token.decimals(), price);
      if (value != null) {
        total = total.add(value);
      } else if (token.priceSymbol() != null && raw.signum() != 0) {
        complete = false;
      }
      list.add(token.toJson().put("balance", raw.toString()).put("valueUsd", number(value))
          .put("price", price == null ? null : price.copy()));
    }
    return new JsonObject().put("type", "balance").put("address", address)
        .put("balance", wei.toString()).put("blockNumber", blockNumber)
        .put("asset", "ETH").put("valueUsd", number(nativeValue))
        .put("price", nativePrice == null ? null : nativePrice.copy()).put("tokens", list)
        .put("totalUsd", complete ? number(total) : null);
  }

  private static Double number(BigDecimal value) {
    return value == null ? null : value.doubleValue();
  }
}
