package io.tickwire.notifications;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns the data of {@code alerts.create} and {@code alerts.update} into a {@link RuleSpec}, or
 * refuses it with a message naming the field: {@code bad_request} for a missing, malformed or
 * out-of-range field, {@code not_found} for an unknown symbol or token, {@code forbidden} for a
 * wallet that is not the caller's. Pure; thread-safe.
 */
final class RuleValidator {

  /** Fields every rule may have, whatever its condition. */
  static final Set<String> COMMON = Set.of("condition", "trigger", "cooldownMs", "expiresAt",
      "message", "name");
  static final Set<String> DIRECTIONS = Set.of("up", "down", "either");
  static final Set<String> STATUSES = Set.of("confirmed", "failed", "dropped", "replaced");
  static final int MAX_NAME_CHARS = 100;
  static final double MAX_PCT = 1_000;
  /**
   * The windows a {@code change_pct} rule may use (1 min, 5 min, 15 min, 1 h, 4 h, 24 h): each
   * distinct window of a symbol costs every tick of it, so their number is bounded.
   */
  static final List<Long> WINDOWS_MS = List.of(60_000L, 300_000L, 900_000L, 3_600_000L,
      14_400_000L, 86_400_000L);
  static final long MAX_COOLDOWN_MS = 7 * 86_400_000L;
  static final long MAX_EXPIRY_MS = 366 * 86_400_000L;

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,78}");

  private final Set<String> symbols;
  /** The followed tokens: contract address (lower case) → symbol. */
  private final Map<String, String> tokens;
  private final long defaultCooldownMs;
  private final int maxMessageChars;

  RuleValidator(Set<String> symbols, long defaultCooldownMs, int maxMessageChars) {
    this(symbols, Map.of(), defaultCooldownMs, maxMessageChars);
  }

  /** @param tokens the tokens a balance rule may name: contract address (lower case) → symbol */
  RuleValidator(Set<String> symbols, Map<String, String> tokens, long defaultCooldownMs,
      int maxMessageChars) {
    this.symbols = Set.copyOf(symbols);
    this.tokens = Map.copyOf(tokens);
    this.defaultCooldownMs = defaultCooldownMs;
    this.maxMessageChars = maxMessageChars;
  }

  /** Validates a new rule; {@code wallets} are the caller's (lower case). */
  RuleSpec create(JsonObject data, Set<String> wallets, long now) {
    return validate(data, wallets, now);
  }

  /**
   * Validates {@code changes} applied to {@code current}: given fields replace the rule's, a
   * field given as {@code null} is removed. A new condition keeps only the fields that apply to
   * it.
   */
  RuleSpec update(RuleSpec current, JsonObject changes, Set<String> wallets, long now) {
    JsonObject merged = current.toJson();
    Object condition = changes.getValue("condition");
    Condition next = condition instanceof String text ? Condition.fromWire(text) : null;
    if (next != null && next != current.condition()) {
      for (String field : current.condition().fields()) {
        if (!next.fields().contains(field)) {
          merged.remove(field);
        }
      }
    }
    if (changes.containsKey("trigger") && "once".equals(changes.getValue("trigger"))) {
      merged.remove("cooldownMs");
    }
    for (String field : changes.fieldNames()) {
      Object value = changes.getValue(field);
      if (value == null) {
        merged.remove(field);
      } else {
        merged.put(field, value);
      }
    }
    return validate(merged, wallets, now);
  }

  private RuleSpec validate(JsonObject data, Set<String> wallets, long now) {
    Condition condition = condition(data);
    Set<String> allowed = new HashSet<>(COMMON);
    allowed.addAll(condition.fields());
    for (String field : data.fieldNames()) {
      if (!allowed.contains(field)) {
        boolean known = field.equals("symbol") || field.equals("price") || field.equals("pct")
            || field.equals("windowMs") || field.equals("direction") || field.equals("address")
            || field.equals("amount") || field.equals("status") || field.equals("token");
        throw bad(known ? "field '" + field + "' does not apply to condition '"
            + condition.wire() + "'" : "unknown field '" + field + "'");
      }
    }
    String symbol = condition.isPrice() ? symbol(data) : null;
    Double price = condition.fields().contains("price") ? positive(data, "price", Double.MAX_VALUE)
        : null;
    String direction = condition.fields().contains("direction")
        ? oneOf(data, "direction", DIRECTIONS, "either") : null;
    Double pct = condition == Condition.CHANGE_PCT ? positive(data, "pct", MAX_PCT) : null;
    Long windowMs = condition == Condition.CHANGE_PCT ? window(data) : null;
    String address = condition.fields().contains("address") ? address(data, wallets) : null;
    String token = condition.fields().contains("token") && data.getValue("token") != null
        ? token(data) : null;
    BigInteger amount = condition.fields().contains("amount") ? amount(data) : null;
    String status = condition == Condition.TX_STATUS ? oneOf(data, "status", STATUSES, null)
        : null;
    String trigger = oneOf(data, "trigger", Set.of("once", "every"), "once");
    boolean once = trigger.equals("once");
    if (once && data.getValue("cooldownMs") != null) {
      throw bad("field 'cooldownMs' applies to trigger 'every' only");
    }
    long cooldownMs = once ? 0
        : whole(data, "cooldownMs", defaultCooldownMs, 0, MAX_COOLDOWN_MS);
    Long expiresAt = data.getValue("expiresAt") == null ? null
        : whole(data, "expiresAt", null, 0, Long.MAX_VALUE);
    if (expiresAt != null && expiresAt <= now) {
      throw bad("field 'expiresAt' must be in the future (ms since the epoch)");
    }
    if (expiresAt != null && expiresAt - now > MAX_EXPIRY_MS) {
      throw bad("field 'expiresAt' must be within a year");
    }
    String message = text(data, "message", maxMessageChars);
    if (message != null) {
      Template.validate(message);
    }
    String name = text(data, "name", MAX_NAME_CHARS);
    return new RuleSpec(condition, symbol, price, direction, pct, windowMs, address, amount,
        status, once, cooldownMs, expiresAt, message, name, token);
  }

  private static Condition condition(JsonObject data) {
    Object value = data.getValue("condition");
    if (value == null) {
      throw bad("field 'condition' is required: one of " + names());
    }
    Condition condition = value instanceof String text ? Condition.fromWire(text) : null;
    if (condition == null) {
      throw bad("field 'condition' must be one of " + names() + ", got " + describe(value));
    }
    return condition;
  }

  private String symbol(JsonObject data) {
    Object value = data.getValue("symbol");
    if (!(value instanceof String text) || text.isBlank()) {
      throw bad("field 'symbol' is required and must be a string such as 'BTC-USD'");
    }
    String symbol = text.trim().toUpperCase(Locale.ROOT);
    if (!symbols.contains(symbol)) {
      throw new ProtocolException(ErrorCode.NOT_FOUND, "unknown symbol '" + text
          + "'; known symbols: " + String.join(", ", new TreeSet<>(symbols)));
    }
    return symbol;
  }

  private static double positive(JsonObject data, String field, double max) {
    Object value = data.getValue(field);
    if (value == null) {
      throw bad("field '" + field + "' is required");
    }
    if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
      throw bad("field '" + field + "' must be a number, got " + describe(value));
    }
    double level = number.doubleValue();
    if (level <= 0 || level > max) {
      throw bad("field '" + field + "' must be greater than 0"
          + (max < Double.MAX_VALUE ? " and at most " + RuleSpec.text(max) : "") + ", got "
          + describe(value));
    }
    return level;
  }

  private static long whole(JsonObject data, String field, Long defaultValue, long min, long max) {
    Object value = data.getValue(field);
    if (value == null) {
      if (defaultValue == null) {
        throw bad("field '" + field + "' is required");
      }
      return defaultValue;
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(
        number.doubleValue()) || number.doubleValue() < min || number.doubleValue() > max) {
      throw bad("field '" + field + "' must be a whole number from " + min + " to " + max
          + ", got " + describe(value));
    }
    return number.longValue();
  }

  private static long window(JsonObject data) {
    Object value = data.getValue("windowMs");
    if (value == null) {
      throw bad("field 'windowMs' is required: one of " + WINDOWS_MS);
    }
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
        && WINDOWS_MS.contains(number.longValue())) {
      return number.longValue();
    }
    throw bad("field 'windowMs' must be one of " + WINDOWS_MS + " (1m, 5m, 15m, 1h, 4h, 24h),"
        + " got " + describe(value));
  }

  private static String oneOf(JsonObject data, String field, Set<String> allowed,
      String defaultValue) {
    Object value = data.getValue(field);
    if (value == null && defaultValue != null) {
      return defaultValue;
    }
    if (value == null) {
      throw bad("field '" + field + "' is required: one of " + new TreeSet<>(allowed));
    }
    if (!(value instanceof String text) || !allowed.contains(text)) {
      throw bad("field '" + field + "' must be one of " + new TreeSet<>(allowed) + ", got "
          + describe(value));
    }
    return text;
  }

  private static String address(JsonObject data, Set<String> wallets) {
    Object value = data.getValue("address");
    if (!(value instanceof String text) || !ADDRESS.matcher(text).matches()) {
      throw bad("field 'address' must be a wallet address, 0x and 40 hex digits");
    }
    String address = text.toLowerCase(Locale.ROOT);
    if (!wallets.contains(address)) {
      throw new ProtocolException(ErrorCode.FORBIDDEN,
          "address " + address + " is not one of the wallets of your token");
    }
    return address;
  }

  /** The token a balance rule names, by contract address or symbol: its address. */
  private String token(JsonObject data) {
    Object value = data.getValue("token");
    if (!(value instanceof String text) || text.isBlank() || text.length() > 64) {
      throw bad("field 'token' must be a followed token's contract address (0x and 40 hex"
          + " digits) or symbol, got " + describe(value));
    }
    String wanted = text.trim();
    if (ADDRESS.matcher(wanted).matches()) {
      String address = wanted.toLowerCase(Locale.ROOT);
      if (tokens.containsKey(address)) {
        return address;
      }
    } else {
      for (Map.Entry<String, String> token : tokens.entrySet()) {
        if (token.getValue().equalsIgnoreCase(wanted)) {
          return token.getKey();
        }
      }
    }
    throw new ProtocolException(ErrorCode.NOT_FOUND, "unknown token '" + text + "'; "
        + (tokens.isEmpty() ? "no tokens are followed (transactions.tokens)"
            : "followed tokens: " + String.join(", ", new TreeSet<>(tokens.entrySet().stream()
                .map(token -> token.getValue() + " (" + token.getKey() + ")").toList()))));
  }

  private static BigInteger amount(JsonObject data) {
    Object value = data.getValue("amount");
    if (value == null) {
      throw bad("field 'amount' is required: a balance in wei (or the token's smallest unit),"
          + " as a string of digits");
    }
    if (value instanceof String text && DIGITS.matcher(text).matches()) {
      return new BigInteger(text);
    }
    if (value instanceof Number number && !(value instanceof Double || value instanceof Float)) {
      BigInteger amount = new BigDecimal(number.toString()).toBigInteger();
      if (amount.signum() >= 0) {
        return amount;
      }
    }
    throw bad("field 'amount' must be a balance in wei (or the token's smallest unit): a string"
        + " of at most 78 digits (or a whole number) that is not negative, got "
        + describe(value));
  }

  private static String text(JsonObject data, String field, int maxChars) {
    Object value = data.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw bad("field '" + field + "' must be a string");
    }
    if (text.length() > maxChars) {
      throw bad("field '" + field + "' must be at most " + maxChars + " characters");
    }
    return text.isEmpty() ? null : text;
  }

  private static List<String> names() {
    return java.util.Arrays.stream(Condition.values()).map(Condition::wire).toList();
  }

  private static String describe(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }

  private static ProtocolException bad(String message) {
    return new ProtocolException(ErrorCode.BAD_REQUEST, message);
  }
}
