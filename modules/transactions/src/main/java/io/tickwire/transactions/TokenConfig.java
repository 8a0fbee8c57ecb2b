package io.tickwire.transactions;

import io.tickwire.runtime.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One ERC-20 token of {@code transactions.tokens} whose balances and transfers the monitor
 * follows for the watched wallets.
 *
 * @param address the token contract, lower-case {@code 0x} + 40 hex digits
 * @param symbol what the messages call it, e.g. {@code USDC} (1 to 16 letters, digits, {@code .},
 *     {@code _} or {@code -})
 * @param decimals the token's decimals, 0 to {@value #MAX_DECIMALS}
 * @param priceSymbol the aggregated price that values it in USD, e.g. {@code USDC-USD}, or
 *     {@code null} when it is not valued
 */
public record TokenConfig(String address, String symbol, int decimals, String priceSymbol) {

  /** The most tokens {@code transactions.tokens} may list. */
  public static final int MAX_TOKENS = 100;
  public static final int MAX_DECIMALS = 36;
  private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9._-]{1,16}");
  private static final Pattern PRICE_SYMBOL = Pattern.compile("[A-Z0-9]{1,16}-[A-Z0-9]{1,16}");
  private static final Set<String> KEYS = Set.of("address", "symbol", "decimals", "priceSymbol");

  /**
   * Reads {@code transactions.tokens}: absent is none.
   *
   * @throws ConfigException naming the entry and field at fault
   */
  static List<TokenConfig> list(Object raw) {
    if (raw == null) {
      return List.of();
    }
    String key = "transactions.tokens";
    if (!(raw instanceof JsonArray array)) {
      throw new ConfigException(key, "must be a list of {address, symbol, decimals, priceSymbol?}");
    }
    if (array.size() > MAX_TOKENS) {
      throw new ConfigException(key, "lists " + array.size() + " tokens; at most " + MAX_TOKENS);
    }
    List<TokenConfig> tokens = new ArrayList<>();
    Set<String> addresses = new HashSet<>();
    Set<String> symbols = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String at = key + "[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject entry)) {
        throw new ConfigException(at, "must be an object {address, symbol, decimals, priceSymbol?}");
      }
      for (String field : entry.fieldNames()) {
        if (!KEYS.contains(field)) {
          throw new ConfigException(at + "." + field, "unknown key");
        }
      }
      TokenConfig token = of(at, entry);
      if (!addresses.add(token.address())) {
        throw new ConfigException(at + ".address", "lists " + token.address() + " twice");
      }
      if (!symbols.add(token.symbol().toUpperCase(Locale.ROOT))) {
        throw new ConfigException(at + ".symbol", "lists the symbol " + token.symbol() + " twice");
      }
      tokens.add(token);
    }
    return List.copyOf(tokens);
  }

  private static TokenConfig of(String at, JsonObject entry) {
    if (!(entry.getValue("address") instanceof String address) || !Hex.isAddress(address)) {
      throw new ConfigException(at + ".address", "must be a contract address: 0x and 40 hex digits");
    }
    if (!(entry.getValue("symbol") instanceof String symbol) || !SYMBOL.matcher(symbol).matches()) {
      throw new ConfigException(at + ".symbol",
          "must be 1 to 16 letters, digits, '.', '_' or '-'");
    }
    Object decimals = entry.getValue("decimals");
    if (!(decimals instanceof Integer || decimals instanceof Long)
        || ((Number) decimals).longValue() < 0 || ((Number) decimals).longValue() > MAX_DECIMALS) {
      throw new ConfigException(at + ".decimals",
          "must be a whole number from 0 to " + MAX_DECIMALS + ", got " + decimals);
    }
    Object price = entry.getValue("priceSymbol");
    if (price != null && (!(price instanceof String text) || !PRICE_SYMBOL.matcher(text).matches())) {
      throw new ConfigException(at + ".priceSymbol",
          "must be a price symbol such as ETH-USD (upper-case BASE-QUOTE), got " + price);
    }
    return new TokenConfig(address.toLowerCase(Locale.ROOT), symbol,
        ((Number) decimals).intValue(), (String) price);
  }

  /** The entry as {@code transactions.tokens} lists it. */
  JsonObject toJson() {
    return new JsonObject().put("token", address).put("symbol", symbol).put("decimals", decimals);
  }
}
