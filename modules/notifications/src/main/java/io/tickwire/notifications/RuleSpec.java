package io.tickwire.notifications;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * What a rule watches and how it fires, validated ({@link RuleValidator}). Fields that do not
 * apply to the condition are {@code null}.
 *
 * @param condition what is watched
 * @param symbol the symbol of a price condition, e.g. {@code BTC-USD}
 * @param price the level of {@code above}, {@code below} and {@code crosses}
 * @param direction {@code up}, {@code down} or {@code either} for {@code crosses} and
 *     {@code change_pct}
 * @param pct the least change in % of {@code change_pct}
 * @param windowMs the window of {@code change_pct}
 * @param address the wallet (lower-case hex) of wallet conditions
 * @param amount the balance level of {@code balance_below} / {@code balance_above}: in wei, or in
 *     the token's smallest unit when the rule names a token
 * @param status the transaction status of {@code tx_status}
 * @param once {@code true} for trigger {@code once}, {@code false} for {@code every}
 * @param cooldownMs the least time between two firings of an {@code every} rule (event time)
 * @param expiresAt when the rule expires (ms since the epoch), or {@code null}
 * @param message the message template, or {@code null} for the default text
 * @param name a name for the user's lists, or {@code null}
 * @param token the token contract (lower-case hex) whose balance a {@code balance_below} /
 *     {@code balance_above} rule watches, or {@code null} for the native balance
 */
public record RuleSpec(Condition condition, String symbol, Double price, String direction,
    Double pct, Long windowMs, String address, BigInteger amount, String status, boolean once,
    long cooldownMs, Long expiresAt, String message, String name, String token) {

  /** A rule about no token: a price rule, a transaction status or a native balance. */
  public RuleSpec(Condition condition, String symbol, Double price, String direction, Double pct,
      Long windowMs, String address, BigInteger amount, String status, boolean once,
      long cooldownMs, Long expiresAt, String message, String name) {
    this(condition, symbol, price, direction, pct, windowMs, address, amount, status, once,
        cooldownMs, expiresAt, message, name, null);
  }

  /** A {@code once} price rule without expiry, message or name; handy for tests and benchmarks. */
  public static RuleSpec price(Condition condition, String symbol, double level, String direction) {
    return new RuleSpec(condition, symbol, level, direction, null, null, null, null, null, true,
        0, null, null, null);
  }

  /** A {@code once} {@code change_pct} rule. */
  public static RuleSpec change(String symbol, double pct, long windowMs, String direction) {
    return new RuleSpec(Condition.CHANGE_PCT, symbol, null, direction, pct, windowMs, null, null,
        null, true, 0, null, null, null);
  }

  /** The same rule firing every time, at most once per {@code cooldownMs}. */
  public RuleSpec every(long cooldown) {
    return new RuleSpec(condition, symbol, price, direction, pct, windowMs, address, amount,
        status, false, cooldown, expiresAt, message, name, token);
  }

  /** Whether the rule fires when the watched value goes up through its level. */
  boolean up() {
    return condition == Condition.ABOVE || !"down".equals(direction)
        && (condition == Condition.CROSSES || condition == Condition.CHANGE_PCT);
  }

  /** Whether the rule fires when the watched value goes down through its level. */
  boolean down() {
    return condition == Condition.BELOW || !"up".equals(direction)
        && (condition == Condition.CROSSES || condition == Condition.CHANGE_PCT);
  }

  /** The rule as in requests and answers: condition fields, trigger and options. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("condition", condition.wire());
    putIf(json, "symbol", symbol);
    putIf(json, "price", price == null ? null : number(price));
    putIf(json, "direction", direction);
    putIf(json, "pct", pct == null ? null : number(pct));
    putIf(json, "windowMs", windowMs);
    putIf(json, "address", address);
    putIf(json, "token", token);
    putIf(json, "amount", amount == null ? null : amount.toString());
    putIf(json, "status", status);
    json.put("trigger", once ? "once" : "every");
    if (!once) {
      json.put("cooldownMs", cooldownMs);
    }
    putIf(json, "expiresAt", expiresAt);
    putIf(json, "message", message);
    putIf(json, "name", name);
    return json;
  }

  /** Reads what {@link #toJson()} wrote (stored rules; no validation). */
  static RuleSpec fromJson(JsonObject json) {
    String amount = json.getString("amount");
    Number price = json.getNumber("price");
    Number pct = json.getNumber("pct");
    return new RuleSpec(Condition.fromWire(json.getString("condition")),
        json.getString("symbol"), price == null ? null : price.doubleValue(),
        json.getString("direction"), pct == null ? null : pct.doubleValue(),
        json.getLong("windowMs"), json.getString("address"),
        amount == null ? null : new BigInteger(amount), json.getString("status"),
        !"every".equals(json.getString("trigger")), json.getLong("cooldownMs", 0L),
        json.getLong("expiresAt"), json.getString("message"), json.getString("name"),
        json.getString("token"));
  }

  /** A level as a JSON number: whole numbers without a fraction. */
  static Number number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return (long) value;
    }
    return value;
  }

  /** A number as people read it: no exponent, no trailing zeros. */
  static String text(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static void putIf(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
